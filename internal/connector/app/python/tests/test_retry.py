import unittest

from connector import retry

NOW = 1_000_000.0


class RetryTests(unittest.TestCase):
    def test_success_and_not_modified(self):
        self.assertEqual(retry.decide(200, {}, 1, NOW).action, retry.OK)
        self.assertEqual(retry.decide(304, {}, 1, NOW).action, retry.NOT_MODIFIED)

    def test_server_errors_back_off_then_fail(self):
        d = retry.decide(502, {}, 1, NOW)
        self.assertEqual((d.action, d.wait), (retry.RETRY, 1.0))
        self.assertEqual(retry.decide(503, {}, 3, NOW).wait, 4.0)
        d = retry.decide(500, {}, 5, NOW, max_attempts=5)
        self.assertEqual(d.action, retry.FAIL)
        self.assertIn("after 5 attempts", d.reason)
        self.assertEqual(retry.decide(None, {}, 1, NOW).action, retry.RETRY)
        self.assertIn("connection failed", retry.decide(None, {}, 9, NOW, max_attempts=3).reason)

    def test_backoff_is_capped(self):
        self.assertEqual(retry.backoff(20), 30.0)

    def test_retry_after_within_bound_waits(self):
        d = retry.decide(429, {"Retry-After": "5"}, 1, NOW, max_wait=60)
        self.assertEqual((d.action, d.wait), (retry.RETRY, 5.0))
        d = retry.decide(403, {"retry-after": "30", "x-ratelimit-remaining": "10"}, 1, NOW, max_wait=60)
        self.assertEqual(d.action, retry.RETRY)

    def test_long_waits_stop_instead_of_sleeping(self):
        d = retry.decide(429, {"Retry-After": "3600"}, 1, NOW, max_wait=60)
        self.assertEqual(d.action, retry.STOP_RATE_LIMITED)
        d = retry.decide(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + 1800))}, 1, NOW, max_wait=60)
        self.assertEqual(d.action, retry.STOP_RATE_LIMITED)
        self.assertIn("primary rate limit", d.reason)

    def test_primary_limit_resetting_soon_waits(self):
        d = retry.decide(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + 10))}, 1, NOW, max_wait=60)
        self.assertEqual((d.action, d.wait), (retry.RETRY, 10.0))

    def test_repeated_rate_limits_give_up(self):
        d = retry.decide(429, {"Retry-After": "1"}, 5, NOW, max_attempts=5)
        self.assertEqual(d.action, retry.STOP_RATE_LIMITED)

    def test_client_errors_fail_with_reason(self):
        self.assertIn("token is invalid", retry.decide(401, {}, 1, NOW).reason)
        self.assertIn("does not exist", retry.decide(404, {}, 1, NOW).reason)
        self.assertEqual(retry.decide(403, {"x-ratelimit-remaining": "100"}, 1, NOW).action, retry.FAIL)
        self.assertEqual(retry.decide(422, {}, 1, NOW).action, retry.FAIL)


if __name__ == "__main__":
    unittest.main()
