"""GitHub issues connector for Snowflake: the procedures' Python side.

Standard library only, besides the Snowpark session the procedures receive.
"""

VERSION = "1.0.0"
