data "ghconnector_current_account" "this" {}

# Stop a pipeline that points at the wrong account before it changes anything.
check "right_account" {
  assert {
    condition     = data.ghconnector_current_account.this.account == "MYACCOUNT"
    error_message = "This configuration must be applied to MYACCOUNT, not ${data.ghconnector_current_account.this.account}."
  }
}
