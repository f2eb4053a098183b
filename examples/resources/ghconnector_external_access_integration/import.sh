# The ID is the quoted integration name; quote it for the shell.
terraform import ghconnector_external_access_integration.github '"GITHUB_CONNECTOR_EAI"'
