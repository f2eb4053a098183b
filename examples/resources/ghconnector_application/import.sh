# The ID is the quoted application name; quote it for the shell.
terraform import ghconnector_application.connector '"GITHUB_CONNECTOR"'
