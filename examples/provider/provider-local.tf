# The local emulator stack: `make local` listens on 8080 (Snowflake) and 8081
# (GitHub); `make demo` on 8090 and 8091, and `source examples/quickstart/shell.sh`
# sets all of this from the environment instead. Plain http is allowed only
# for loopback hosts.
provider "ghconnector" {
  account   = "local"
  user      = "admin"
  password  = "admin"
  host      = "127.0.0.1"
  port      = 8080
  protocol  = "http"
  warehouse = "COMPUTE_WH"

  github {
    api_url = "http://127.0.0.1:8081/"
  }
}
