import unittest
from datetime import datetime, timezone

from connector import cursor


class CursorTests(unittest.TestCase):
    def test_parse_and_format(self):
        moment = cursor.parse_timestamp("2024-03-04T05:06:07Z")
        self.assertEqual(moment, datetime(2024, 3, 4, 5, 6, 7, tzinfo=timezone.utc))
        self.assertEqual(cursor.format_timestamp(moment), "2024-03-04T05:06:07Z")
        self.assertEqual(cursor.parse_timestamp("2024-03-04T07:06:07+02:00"), moment)
        self.assertIsNone(cursor.parse_timestamp(None))
        self.assertIsNone(cursor.parse_timestamp(""))

    def test_since_subtracts_lookback(self):
        self.assertEqual(cursor.since_for("2024-01-01T00:05:00Z", 300), "2024-01-01T00:00:00Z")
        self.assertEqual(cursor.since_for("2024-01-01T00:00:00Z", 1), "2023-12-31T23:59:59Z")
        self.assertEqual(cursor.since_for("2024-01-01T00:00:00Z", -5), "2024-01-01T00:00:00Z")
        self.assertIsNone(cursor.since_for(None))

    def test_advance_keeps_the_newest(self):
        self.assertEqual(cursor.advance(None, ["2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"]), "2024-01-02T00:00:00Z")
        self.assertEqual(cursor.advance("2024-02-01T00:00:00Z", ["2024-01-02T00:00:00Z"]), "2024-02-01T00:00:00Z")
        self.assertEqual(cursor.advance("2024-02-01T00:00:00Z", [None, ""]), "2024-02-01T00:00:00Z")
        self.assertIsNone(cursor.advance(None, []))


if __name__ == "__main__":
    unittest.main()
