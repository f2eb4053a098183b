import unittest

from connector.links import parse_link_header


class LinkTests(unittest.TestCase):
    def test_all_relations(self):
        h = ('<https://api.github.com/repos/o/r/issues?page=2>; rel="next", '
             '<https://api.github.com/repos/o/r/issues?page=5>; rel="last", '
             '<https://api.github.com/repos/o/r/issues?page=1>; rel="first", '
             '<https://api.github.com/repos/o/r/issues?page=1>; rel="prev"')
        links = parse_link_header(h)
        self.assertEqual(links["next"], "https://api.github.com/repos/o/r/issues?page=2")
        self.assertEqual(links["last"], "https://api.github.com/repos/o/r/issues?page=5")
        self.assertEqual(set(links), {"next", "last", "first", "prev"})

    def test_cursor_url_is_kept_verbatim(self):
        url = "https://api.github.com/repositories/1/issues?state=all&per_page=100&after=Y3Vyc29yOnYyOpK0MjAyNC0wMS0wMVQwMDowMDowMVrOAAAD6Q%3D%3D"
        self.assertEqual(parse_link_header('<%s>; rel="next"' % url)["next"], url)

    def test_absent_or_empty(self):
        self.assertEqual(parse_link_header(None), {})
        self.assertEqual(parse_link_header(""), {})
        self.assertNotIn("next", parse_link_header('<https://x/issues?page=1>; rel="prev"'))

    def test_unquoted_and_multiple_rels(self):
        links = parse_link_header("<https://x/a?page=3>; rel=next, <https://x/a?page=1>; rel=\"first prev\"")
        self.assertEqual(links["next"], "https://x/a?page=3")
        self.assertEqual(links["prev"], "https://x/a?page=1")
        self.assertEqual(links["first"], "https://x/a?page=1")


if __name__ == "__main__":
    unittest.main()
