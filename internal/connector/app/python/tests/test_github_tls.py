import ssl
import sys
import types
import unittest

from connector import github


class TlsTests(unittest.TestCase):
    def test_certifi_bundle_when_importable(self):
        fake = types.ModuleType("certifi")
        fake.where = lambda: "/bundle/cacert.pem"
        saved = sys.modules.get("certifi")
        sys.modules["certifi"] = fake
        try:
            self.assertEqual(github.ca_bundle(), "/bundle/cacert.pem")
        finally:
            if saved is None:
                del sys.modules["certifi"]
            else:
                sys.modules["certifi"] = saved

    def test_default_paths_without_certifi(self):
        saved = sys.modules.get("certifi")
        sys.modules["certifi"] = None  # import fails
        try:
            self.assertIsNone(github.ca_bundle())
            ctx = github.tls_context()
            self.assertEqual(ctx.verify_mode, ssl.CERT_REQUIRED)
            self.assertTrue(ctx.check_hostname)
        finally:
            if saved is None:
                del sys.modules["certifi"]
            else:
                sys.modules["certifi"] = saved

    def test_the_transport_verifies_tls(self):
        handlers = [h for h in github._OPENER.handlers if isinstance(h, github.urllib.request.HTTPSHandler)]
        self.assertEqual(len(handlers), 1)
        self.assertEqual(handlers[0]._context.verify_mode, ssl.CERT_REQUIRED)


if __name__ == "__main__":
    unittest.main()
