"""Corpus: upload and ingest documents, the list, remove with confirmation, a document's passages."""

from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.ingest.uploads import ALLOWED, ingest_uploads
from assistant.models import DOCUMENT_KINDS
from session import plain, workspace

ws = workspace()
st.title("Corpus")

with st.expander("Add documents", icon=":material/upload_file:"):
    with st.form("upload", clear_on_submit=True, border=False):
        files = st.file_uploader("Files (PDF, DOCX, Markdown, text, HTML)", type=[t.lstrip(".") for t in ALLOWED], accept_multiple_files=True)
        kind = st.selectbox("Kind", list(DOCUMENT_KINDS), index=list(DOCUMENT_KINDS).index("policy"))
        a, b, c = st.columns(3)
        title = a.text_input("Title (one file only; default: its heading)")
        date = b.date_input("Date", value=None)
        publisher = c.text_input("Publisher")
        go = st.form_submit_button("Ingest", type="primary")
    if go and files:
        overrides = {k: v for k, v in {"kind": kind, "title": title if len(files) == 1 else None,
                                        "date": date, "publisher": publisher or None}.items() if v}
        with st.spinner(f"Ingesting {len(files)} file(s) ..."):
            outcomes = ingest_uploads(ws.store, [(f.name, f.getvalue()) for f in files], overrides)
        for outcome in outcomes:
            (st.success if outcome.ok else st.error)(plain(outcome.message))
        ws.store.ensure_area_scores()
        ws.store.ensure_position_vectors()

documents = ws.store.catalog.documents()
st.dataframe(pd.DataFrame([{"Title": d.title, "Kind": d.kind, "Publisher": d.publisher or "", "Date": d.date,
                            "Passages": d.passage_count, "Positions": d.position_count, "File": Path(d.source).name}
                           for d in documents]), hide_index=True, width="stretch")
if documents:
    doc = st.selectbox("A document", documents, format_func=lambda d: f"{d.title} ({d.kind})")
    with st.popover("Remove this document", icon=":material/delete:"):
        st.write(f"Remove “{plain(doc.title)}” and its {doc.passage_count} passages from the corpus?")
        if st.button("Remove", type="primary", key=f"remove-{doc.id}"):
            ws.store.remove(doc.id)
            st.rerun()
    scores = ws.store.catalog.area_scores([p.id for p in ws.store.catalog.passages(doc.id)])
    areas = {a.id: a.title.split(",")[0].split(" ")[0] for a in ws.store.framework.areas}
    rows = []
    for p in ws.store.catalog.passages(doc.id):
        best = max(scores.get(p.id, {}).items(), key=lambda kv: kv[1], default=(None, None))
        rows.append({"#": p.ordinal, "Page": p.page_start, "Paragraph": p.paragraph or "", "Section": " › ".join(p.heading_path),
                     "Main area": areas.get(best[0], ""), "Score": round(best[1], 2) if best[1] is not None else None,
                     "Text": " ".join(p.text.split())[:300]})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
