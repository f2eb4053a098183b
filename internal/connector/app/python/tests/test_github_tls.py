import contextlib
import ssl
import sys
import types
import unittest

from connector import github


@contextlib.contextmanager
def certifi_module(module):
    """Stand in for certifi (None: the import fails), then restore it."""
    saved = sys.modules.get("certifi")
    sys.modules["certifi"] = module
    try:
        yield
    finally:
        if saved is None:
            del sys.modules["certifi"]
        else:
            sys.modules["certifi"] = saved


class TlsTests(unittest.TestCase):
    def test_certifi_bundle_when_importable(self):
        fake = types.ModuleType("certifi")
        fake.where = lambda: "/bundle/cacert.pem"
        with certifi_module(fake):
            self.assertEqual(github.ca_bundle(), "/bundle/cacert.pem")

    def test_default_paths_without_certifi(self):
        with certifi_module(None):
            self.assertIsNone(github.ca_bundle())
            ctx = github.tls_context()
            self.assertEqual(ctx.verify_mode, ssl.CERT_REQUIRED)
            self.assertTrue(ctx.check_hostname)

    def test_the_transport_verifies_tls(self):
        handlers = [h for h in github._OPENER.handlers if isinstance(h, github.urllib.request.HTTPSHandler)]
        self.assertEqual(len(handlers), 1)
        self.assertEqual(handlers[0]._context.verify_mode, ssl.CERT_REQUIRED)


if __name__ == "__main__":
    unittest.main()
