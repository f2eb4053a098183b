# The ID is the quoted fully qualified name; quote it for the shell.
terraform import ghconnector_network_rule.github '"GITHUB_CONNECTOR_SETUP"."PUBLIC"."GITHUB_API"'
