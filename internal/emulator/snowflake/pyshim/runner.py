"""Runs one procedure handler for the Snowflake emulator.

Reads the call from stdin, runs the handler with a Snowpark-compatible
session whose SQL goes back to the emulator, and prints one JSON line with
the result or the error. Outbound HTTP goes through the proxy in the
environment, which lets through only the hosts of the procedure's network
rules.
"""

import importlib
import json
import sys
import traceback


def main():
    spec = json.load(sys.stdin)
    for path in reversed(spec.get("paths") or []):
        sys.path.insert(0, path)
    import _snowflake
    _snowflake._configure(spec.get("secrets") or {})
    from snowflake.snowpark import Session
    session = Session._for_procedure(spec["callback"], spec["token"])
    try:
        if spec.get("body"):
            namespace = {"__name__": "__procedure__"}
            exec(compile(spec["body"], "<procedure>", "exec"), namespace)
            handler = namespace.get(spec["handler"])
            if handler is None:
                raise NameError("handler %r is not defined in the procedure body" % spec["handler"])
        else:
            module_name, _, func = spec["handler"].rpartition(".")
            if not module_name:
                raise ValueError("HANDLER %r must be module.function when the code comes from IMPORTS" % spec["handler"])
            handler = getattr(importlib.import_module(module_name), func)
        result = handler(session, *spec.get("args", []))
        print(json.dumps({"ok": True, "result": result}, default=str))
    except Exception as err:  # reported as the procedure's error
        print(json.dumps({"ok": False, "error": "%s: %s" % (type(err).__name__, err),
                          "traceback": traceback.format_exc()}))


if __name__ == "__main__":
    main()
