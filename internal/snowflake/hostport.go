package snowflake

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ValidateHostPort checks a HOST_PORT network rule value the way Snowflake
// does: host[:port], port 0–65535 or a range, a * only as the whole first
// label of a name with at least three labels.
func ValidateHostPort(v string) error {
	host, port, hasPort := strings.Cut(v, ":")
	if hasPort {
		if port == "" {
			return errors.New("the port after ':' is empty")
		}
		lo, hi, isRange := strings.Cut(port, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 || a > 65535 {
			return fmt.Errorf("port %q is not a number between 0 and 65535", port)
		}
		if isRange {
			b, err := strconv.Atoi(hi)
			if err != nil || b < a || b > 65535 || a < 1 {
				return fmt.Errorf("port range %q is not lo-hi within 1-65535", port)
			}
		}
	}
	if host == "" {
		return errors.New("the host is empty")
	}
	if len(host) > 253 {
		return errors.New("the host is longer than 253 characters")
	}
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if l == "*" {
			if i != 0 {
				return errors.New("a * wildcard is only allowed as the first label")
			}
			if len(labels) < 3 {
				return errors.New("a * wildcard needs at least two labels after it (*.github.com, not *.com)")
			}
			continue
		}
		if l == "" {
			return errors.New("the host has an empty label")
		}
		if len(l) > 63 {
			return fmt.Errorf("label %q is longer than 63 characters", l)
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("label %q starts or ends with '-'", l)
		}
		for _, r := range l {
			if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return fmt.Errorf("the host contains %q; only letters, digits, '-' and '.' are allowed", r)
			}
		}
	}
	return nil
}
