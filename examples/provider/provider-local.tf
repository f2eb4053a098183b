# The local emulator stack (make local): plain http is allowed only for loopback hosts.
provider "ghconnector" {
  account  = "local"
  user     = "admin"
  password = "admin"
  host     = "127.0.0.1"
  port     = 8080
  protocol = "http"

  github {
    api_url = "http://127.0.0.1:8081/"
  }
}
