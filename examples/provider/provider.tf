# Password authentication; every value can come from SNOWFLAKE_* instead.
provider "ghconnector" {
  account   = "myorg-myaccount"
  user      = "TERRAFORM"
  password  = var.snowflake_password
  role      = "ACCOUNTADMIN"
  warehouse = "COMPUTE_WH"

  github {
    token = var.github_token # used only for plan-time checks and data sources
  }
}

variable "snowflake_password" {
  type      = string
  sensitive = true
}

variable "github_token" {
  type      = string
  sensitive = true
}
