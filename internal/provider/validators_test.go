package provider

import (
	"context"
	mrand "math/rand/v2"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validateSecret(value string) (summary, detail string) {
	resp := &validator.StringResponse{}
	usableSecret{}.ValidateString(context.Background(), validator.StringRequest{
		Path: path.Root("secret_string_wo"), ConfigValue: types.StringValue(value)}, resp)
	for _, d := range resp.Diagnostics.Errors() {
		return d.Summary(), d.Detail()
	}
	return "", ""
}

// A token with a line break, a space or any control character anywhere in
// it is refused at plan time, and the message quotes nothing of it: seeded
// tokens of GitHub's shapes with hostile characters at random places.
func TestUsableSecretRefusesControlCharactersWithoutQuoting(t *testing.T) {
	hostile := []string{"\n", "\r", "\r\n", "\x00", "\t", "\x7f", "\u0085", "\x0b", "\x1b", " ", "\u2028", "\u00a0"}
	for seed := range uint64(500) {
		rnd := mrand.New(mrand.NewPCG(seed, 27))
		body := make([]byte, 12+rnd.IntN(50))
		for i := range body {
			body[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"[rnd.IntN(63)]
		}
		token := []string{"ghp_", "ghs_", "github_pat_11A", "gho_", ""}[rnd.IntN(5)] + string(body)
		at := rnd.IntN(len(token) + 1)
		token = token[:at] + hostile[rnd.IntN(len(hostile))] + token[at:]
		summary, detail := validateSecret(token)
		if summary == "" {
			t.Fatalf("seed %d: %q accepted", seed, token)
		}
		for _, part := range strings.FieldsFunc(token, func(r rune) bool { return r < 0x21 || r == 0x7f || r > 0x7e }) {
			if len(part) >= 8 && strings.Contains(summary+detail, part) {
				t.Fatalf("seed %d: the message quotes the token: %s: %s", seed, summary, detail)
			}
		}
	}
	for _, ok := range []string{"ghp_16C7e42F292c6912E7710c838347Ae178B4a", "github_pat_11ABCDEFG_abcdefgh", "v1.0123456789abcdef"} {
		if summary, detail := validateSecret(ok); summary != "" {
			t.Errorf("%q refused: %s: %s", ok, summary, detail)
		}
	}
	if summary, _ := validateSecret("ghp_a\nb"); !strings.Contains(summary, "line break") {
		t.Errorf("a line break inside: %q", summary)
	}
}

// The schedule error says once what is wrong and what is expected (it
// read "Attribute schedule an interval such as … got: … must be an
// interval such as …").
func TestScheduleErrorReadsOnce(t *testing.T) {
	resp := &validator.StringResponse{}
	taskSchedule{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("schedule"),
		ConfigValue: types.StringValue("every hour")}, resp)
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 {
		t.Fatalf("diagnostics: %v", resp.Diagnostics)
	}
	summary, detail := errs[0].Summary(), errs[0].Detail()
	want := `schedule "every hour" must be an interval such as '30 MINUTES', '1 HOUR' or '60 SECONDS', or 'USING CRON <minute> <hour> <day> <month> <weekday> <time zone>'.`
	if summary != "Invalid schedule" || detail != want {
		t.Errorf("%q: %q\nwant %q", summary, detail, want)
	}
}
