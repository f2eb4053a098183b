"""Configuration, state and data preview of the GitHub issues connector."""

import json

import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("GitHub issues connector")

st.header("Configuration")
config = {row["KEY"]: row["VALUE"] for row in session.sql('SELECT KEY, VALUE FROM "STATE"."APP_CONFIGURATION"').collect()}
if not config:
    st.info("Not provisioned yet: call PUBLIC.PROVISION_CONNECTOR or apply ghconnector_connector_config.")
else:
    st.json({k: json.loads(v) if isinstance(v, str) else v for k, v in config.items()})

st.header("Repositories")
status = session.sql('SELECT * FROM "PUBLIC"."INGESTION_STATUS" ORDER BY RESOURCE_ID').collect()
st.dataframe([row.as_dict() for row in status])

st.header("Streams")
# One row per repository and stream (issues, and comments where added), issues first.
streams = session.sql('SELECT * FROM "PUBLIC"."STREAM_STATUS" ORDER BY RESOURCE_ID, STREAM DESC').collect()
st.dataframe([row.as_dict() for row in streams])

st.header("Recent runs")
runs = session.sql('SELECT * FROM "PUBLIC"."RUN_HISTORY" ORDER BY STARTED_AT DESC LIMIT 50').collect()
st.dataframe([row.as_dict() for row in runs])

if runs:
    st.header("Rows and requests per run")
    # REQUESTS already counts reconciliation's (RECONCILE_REQUESTS is the part
    # of it that reconciled); oldest run first. Per repository in the table above.
    per_run = [{"STARTED_AT": str(row["STARTED_AT"]), "ROWS_MERGED": row["ROWS_MERGED"] or 0,
                "REQUESTS": row["REQUESTS"] or 0} for row in reversed(runs)]
    st.line_chart(per_run, x="STARTED_AT", y=["ROWS_MERGED", "REQUESTS"])

if status:
    st.header("Data preview")
    choice = st.selectbox("Repository", [row["RESOURCE_ID"] for row in status])
    views = {row["STREAM"]: row["VIEW_NAME"] for row in streams if row["RESOURCE_ID"] == choice and row["ENABLED"]}
    stream = st.selectbox("Stream", sorted(views, key=lambda name: name != "issues")) if len(views) > 1 else "issues"
    view = views.get(stream) or next(row["VIEW_NAME"] for row in status if row["RESOURCE_ID"] == choice)
    st.dataframe([r.as_dict() for r in session.sql("SELECT * FROM " + view + " ORDER BY UPDATED_AT DESC LIMIT 100").collect()])
