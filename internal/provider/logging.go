package provider

import "strings"

// sdkLogLevels are the environment variables that set the plugin SDKs' log
// levels (terraform-plugin-go's root and protocol loggers, the framework's).
// Unset, each logs at TRACE.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// SilenceDiscardedSDKLogs turns the SDKs' logs off when Terraform would
// discard them: Terraform keeps a provider's log lines only at the level of
// TF_LOG_PROVIDER, or else TF_LOG, and drops them all when neither is set
// (or "off"). Without this the SDKs still format a few JSON trace lines per
// attribute and request, a third of the provider's CPU in a plan of 500
// repositories, and Terraform parses each line to drop it
// (docs/guides/benchmarks.md). A level the user set explicitly is kept.
func SilenceDiscardedSDKLogs(getenv func(string) string, setenv func(string, string) error) error {
	level := getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = getenv("TF_LOG")
	}
	if level != "" && !strings.EqualFold(level, "off") {
		return nil
	}
	for _, name := range sdkLogLevels {
		if getenv(name) != "" {
			continue
		}
		if err := setenv(name, "off"); err != nil {
			return err
		}
	}
	return nil
}
