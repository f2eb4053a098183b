package provider

import (
	"maps"
	"testing"
)

func TestSilenceDiscardedSDKLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string // the SDK levels afterwards
	}{
		{"terraform logs nothing", map[string]string{}, off},
		{"TF_LOG=off", map[string]string{"TF_LOG": "OFF"}, off},
		{"only a log path (Terraform needs TF_LOG too)", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, off},
		{"TF_LOG=trace keeps the SDKs' levels", map[string]string{"TF_LOG": "trace"}, map[string]string{}},
		{"TF_LOG=json", map[string]string{"TF_LOG": "JSON"}, map[string]string{}},
		{"TF_LOG_PROVIDER=debug", map[string]string{"TF_LOG_PROVIDER": "debug"}, map[string]string{}},
		{"TF_LOG_PROVIDER=off wins over TF_LOG", map[string]string{"TF_LOG_PROVIDER": "off", "TF_LOG": "trace"}, off},
		{"an explicit SDK level is kept", map[string]string{"TF_LOG_SDK_FRAMEWORK": "debug"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "debug"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := maps.Clone(tc.env)
			err := SilenceDiscardedSDKLogs(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, k := range sdkLogLevels {
				if v, ok := env[k]; ok {
					got[k] = v
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("SDK levels %v, want %v", got, tc.want)
			}
		})
	}
}
