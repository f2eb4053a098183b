// Package github is the local GitHub REST API emulator: repositories and
// issues with GitHub's query semantics, pagination, conditional requests,
// rate limits and injectable faults, plus a control API for tests.
package github

import (
	"fmt"
	"strings"
	"time"
)

// Repo is a repository with its issues (pull requests included).
type Repo struct {
	ID            int64
	Owner         string
	Name          string
	Private       bool
	Archived      bool
	Fork          bool
	Topics        []string
	Description   string
	DefaultBranch string
	CreatedAt     time.Time
	Issues        []*Issue   // by number - 1, deleted and transferred ones included
	Comments      []*Comment // by id, deleted ones included
	// ReviewComments are the pull requests' diff comments, by id.
	ReviewComments []*ReviewComment
	// Roles for author_association: the owner is OWNER; these logins are
	// MEMBER, COLLABORATOR or CONTRIBUTOR; anyone else is NONE.
	Members, Collaborators, Contributors []string
}

// Issue is one issue or pull request.
type Issue struct {
	ID          int64
	Number      int
	Title       string
	Body        string
	State       string // open, closed
	StateReason string // completed, not_planned, reopened, ""
	Author      string
	Labels      []string
	Assignees   []string
	Milestone   string
	Comments    int
	PullRequest bool
	Pull        *PullRequest // a pull request's own fields (pulls.go)
	Locked      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    *time.Time
	// Gone from this repository: GET answers 410 (deleted) or 301 to the
	// issue it became in another repository (transferred); no listing
	// shows it.
	Deleted       bool
	TransferredTo *Issue
	Repo          *Repo // the repository holding it
}

func (is *Issue) gone() bool { return is.Deleted || is.TransferredTo != nil }

func (r *Repo) fullName() string { return r.Owner + "/" + r.Name }

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// userJSON is GitHub's simple-user object with every documented field.
func userJSON(base, login string) map[string]any {
	id := int64(0)
	for _, c := range login {
		id = id*31 + int64(c)
	}
	if id < 0 {
		id = -id
	}
	id = id%90000000 + 1000
	api := base + "users/" + login
	return map[string]any{
		"login": login, "id": id, "node_id": fmt.Sprintf("MDQ6VXNlcj%d", id), "avatar_url": fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id),
		"gravatar_id": "", "url": api, "html_url": "https://github.com/" + login,
		"followers_url": api + "/followers", "following_url": api + "/following{/other_user}", "gists_url": api + "/gists{/gist_id}",
		"starred_url": api + "/starred{/owner}{/repo}", "subscriptions_url": api + "/subscriptions", "organizations_url": api + "/orgs",
		"repos_url": api + "/repos", "events_url": api + "/events{/privacy}", "received_events_url": api + "/received_events",
		"type": "User", "user_view_type": "public", "site_admin": false,
	}
}

// association is the author's role in the repository, as GitHub reports
// it in author_association.
func (r *Repo) association(login string) string {
	has := func(list []string) bool {
		for _, l := range list {
			if strings.EqualFold(l, login) {
				return true
			}
		}
		return false
	}
	switch {
	case strings.EqualFold(login, r.Owner):
		return "OWNER"
	case has(r.Members):
		return "MEMBER"
	case has(r.Collaborators):
		return "COLLABORATOR"
	case has(r.Contributors):
		return "CONTRIBUTOR"
	}
	return "NONE"
}

var labelColors = []string{"d73a4a", "0075ca", "cfd3d7", "a2eeef", "7057ff", "008672", "e4e669", "d876e3"}

func (r *Repo) issueJSON(base string, is *Issue) map[string]any {
	repoURL := base + "repos/" + r.fullName()
	url := fmt.Sprintf("%s/issues/%d", repoURL, is.Number)
	html := fmt.Sprintf("https://github.com/%s/issues/%d", r.fullName(), is.Number)
	labels := make([]any, 0, len(is.Labels))
	for i, l := range is.Labels {
		labels = append(labels, map[string]any{"id": int64(208045946 + len(l)*7 + i), "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
			"url": repoURL + "/labels/" + l, "name": l, "color": labelColors[len(l)%len(labelColors)], "default": l == "bug", "description": nil})
	}
	assignees := make([]any, 0, len(is.Assignees))
	for _, a := range is.Assignees {
		assignees = append(assignees, userJSON(base, a))
	}
	var assignee any
	if len(assignees) > 0 {
		assignee = assignees[0]
	}
	var milestone any
	if is.Milestone != "" {
		milestone = map[string]any{"url": repoURL + "/milestones/1", "html_url": "https://github.com/" + r.fullName() + "/milestone/1",
			"labels_url": repoURL + "/milestones/1/labels",
			"id":         1002604, "node_id": "MDk6TWlsZXN0b25lMTAwMjYwNA==", "number": 1, "state": "open", "title": is.Milestone,
			"description": "", "creator": userJSON(base, r.Owner), "open_issues": 4, "closed_issues": 8,
			"created_at": ts(r.CreatedAt), "updated_at": ts(r.CreatedAt), "closed_at": nil, "due_on": nil}
	}
	var closedAt, closedBy any
	if is.ClosedAt != nil {
		closedAt = ts(*is.ClosedAt)
		closedBy = userJSON(base, r.Owner)
	}
	var stateReason any
	if is.StateReason != "" {
		stateReason = is.StateReason
	}
	out := map[string]any{
		"url": url, "repository_url": repoURL, "labels_url": url + "/labels{/name}", "comments_url": url + "/comments",
		"events_url": url + "/events", "html_url": html, "id": is.ID, "node_id": fmt.Sprintf("I_kwDO%08d", is.ID), "number": is.Number,
		"title": is.Title, "user": userJSON(base, is.Author), "labels": labels, "state": is.State, "locked": is.Locked,
		"assignee": assignee, "assignees": assignees, "milestone": milestone, "comments": is.Comments,
		"created_at": ts(is.CreatedAt), "updated_at": ts(is.UpdatedAt), "closed_at": closedAt, "closed_by": closedBy,
		"author_association": r.association(is.Author), "active_lock_reason": nil, "body": is.Body, "performed_via_github_app": nil,
		"state_reason": stateReason, "timeline_url": url + "/timeline",
		"reactions": map[string]any{"url": url + "/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
			"confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
	}
	if is.PullRequest {
		var merged any
		if is.Pull.MergedAt != nil {
			merged = ts(*is.Pull.MergedAt)
		}
		out["pull_request"] = map[string]any{"url": fmt.Sprintf("%s/pulls/%d", repoURL, is.Number),
			"html_url":  fmt.Sprintf("https://github.com/%s/pull/%d", r.fullName(), is.Number),
			"diff_url":  fmt.Sprintf("https://github.com/%s/pull/%d.diff", r.fullName(), is.Number),
			"patch_url": fmt.Sprintf("https://github.com/%s/pull/%d.patch", r.fullName(), is.Number), "merged_at": merged}
		out["draft"] = is.Pull.Draft
	}
	return out
}

func (r *Repo) repoJSON(base string) map[string]any {
	visibility := "public"
	if r.Private {
		visibility = "private"
	}
	open := 0
	for _, is := range r.Issues {
		if is.State == "open" && !is.gone() {
			open++
		}
	}
	topics := r.Topics
	if topics == nil {
		topics = []string{}
	}
	api := base + "repos/" + r.fullName()
	return map[string]any{
		"id": r.ID, "node_id": fmt.Sprintf("R_kgDO%08d", r.ID), "name": r.Name, "full_name": r.fullName(), "private": r.Private,
		"owner": userJSON(base, r.Owner), "html_url": "https://github.com/" + r.fullName(), "description": r.Description,
		"fork": r.Fork, "url": api, "issues_url": api + "/issues{/number}", "created_at": ts(r.CreatedAt), "updated_at": ts(r.CreatedAt),
		"pushed_at": ts(r.CreatedAt), "homepage": nil, "size": 108, "stargazers_count": 80, "watchers_count": 80, "language": "Go",
		"has_issues": true, "forks_count": 9, "archived": r.Archived, "disabled": false, "open_issues_count": open,
		"license": nil, "topics": topics, "visibility": visibility, "default_branch": r.DefaultBranch,
	}
}

func key(owner, name string) string { return strings.ToLower(owner + "/" + name) }
