# Key-pair authentication with an encrypted PKCS#8 key.
provider "ghconnector" {
  account                = "myorg-myaccount"
  user                   = "TERRAFORM"
  private_key            = file("~/.ssh/snowflake_rsa_key.p8")
  private_key_passphrase = var.private_key_passphrase
}

variable "private_key_passphrase" {
  type      = string
  sensitive = true
}
