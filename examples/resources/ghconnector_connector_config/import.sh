# The ID is the quoted application name; quote it for the shell.
terraform import ghconnector_connector_config.github '"GITHUB_CONNECTOR"'
