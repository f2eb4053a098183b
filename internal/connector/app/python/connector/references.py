"""The manifest's register callback for the warehouse reference."""


def register_reference(session, ref_name, operation, ref_or_alias):
    op = (operation or "").upper()
    if op == "ADD":
        session.sql("SELECT SYSTEM$SET_REFERENCE(?, ?)", params=[ref_name, ref_or_alias]).collect()
    elif op == "REMOVE":
        session.sql("SELECT SYSTEM$REMOVE_REFERENCE(?, ?)", params=[ref_name, ref_or_alias]).collect()
    elif op == "CLEAR":
        session.sql("SELECT SYSTEM$REMOVE_ALL_REFERENCES(?)", params=[ref_name]).collect()
    else:
        raise ValueError("unknown operation %r for reference %r" % (operation, ref_name))
    return "OK"
