# The ID is the quoted fully qualified name; quote it for the shell.
terraform import ghconnector_secret.github '"GITHUB_CONNECTOR_SETUP"."PUBLIC"."GITHUB_TOKEN"'
