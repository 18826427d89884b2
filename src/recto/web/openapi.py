"""The OpenAPI document of the JSON API, written out so it reads as documentation."""

from __future__ import annotations

from recto.schema import load

_ERROR = {"$ref": "#/components/schemas/Error"}
_ERROR_RESPONSE = {"content": {"application/json": {"schema": _ERROR}}}
_PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[0-9]{1,4}-[0-9]{1,4}$"}}


def _curator_responses(bad_body: str) -> dict:
    """What a curator's write of one record answers."""
    return {
        "200": {"description": "Stored"},
        "400": _ERROR_RESPONSE | {"description": bad_body},
        "401": _ERROR_RESPONSE | {"description": "Missing or wrong token"},
        "403": _ERROR_RESPONSE | {"description": "Writes are disabled"},
        "404": _ERROR_RESPONSE | {"description": "No such record"},
    }


OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Recto",
        "version": "1",
        "description": "Primary sources in their original language and in translation. Read-only, "
        "except ingest, which needs the operator's write token.",
    },
    "paths": {
        "/api/records": {
            "get": {
                "summary": "Records by date, a page at a time",
                "parameters": _PAGE,
                "responses": {"200": {"description": "A page of record summaries"}, "400": _ERROR_RESPONSE | {"description": "Bad paging"}},
            }
        },
        "/api/records/{id}": {
            "get": {
                "summary": "One record, as described by record.schema.json, with its revision",
                "parameters": [_ID, {"name": "revision", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
                "responses": {
                    "200": {"description": "The record; an ETag names its revision", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                    "304": {"description": "Not modified (If-None-Match matched the ETag)"},
                    "404": _ERROR_RESPONSE | {"description": "No such record or revision"},
                },
            }
        },
        "/api/records/{id}/revisions": {
            "get": {"summary": "The revisions of a record", "parameters": [_ID], "responses": {"200": {"description": "Revisions, oldest first"}, "404": _ERROR_RESPONSE | {"description": "No such record"}}}
        },
        "/api/records/{id}/extraction": {
            "get": {
                "summary": "What was understood of the current revision: OCR clean-up with its audit trail (every change and its reason), structure, dates, entities, references, dated events",
                "parameters": [_ID],
                "responses": {"200": {"description": "The extraction"}, "404": _ERROR_RESPONSE | {"description": "No such record, or none made yet"}},
            }
        },
        "/api/records/{id}/alignments": {
            "get": {
                "summary": "Every stored alignment of the current revision (paragraph and sentence beads), the machine's and a curator's; `shown` marks the one readers see",
                "parameters": [_ID],
                "responses": {"200": {"description": "Alignments"}, "404": _ERROR_RESPONSE | {"description": "No such record"}},
            }
        },
        "/api/records/{id}/alignments/{key}": {
            "put": {
                "summary": "A curator's correction of the alignment of texts `key` (e.g. 0-1): merged, split or relinked beads",
                "description": "The body is the whole corrected alignment: {paragraphs: beads, sentences: beads, src_sentences: units, "
                "tgt_sentences: units}, where beads are [source ids, target ids] and units [paragraph, start, end] (GET gives them as the "
                "paragraph level's beads and the sentence level's beads, source_units and target_units); sentences may be left out. "
                "It is checked (against the AlignmentCorrection schema; every paragraph and sentence in one bead, each side of a bead in ascending order; each unit inside its paragraph), kept beside the machine's, shown first, and never overwritten by a re-run.",
                "security": [{"token": []}],
                "parameters": [_ID, _KEY],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlignmentCorrection"}}}},
                "responses": _curator_responses("Not a valid alignment of those texts"),
            },
            "patch": {
                "summary": "A curator's edits of the alignment of texts `key` that readers see: beads merged, split, or a sentence moved to another bead",
                "description": 'The body is {"edits": [...]}, made in order: {"op": "merge", "beads": [3, 4]}; {"op": "split", "bead": 3, '
                '"src": [5], "tgt": [6]} (those ids first, the rest after); {"op": "move", "side": "target", "id": 7, "to": 4} '
                '(to null: a bead of its own). "level": "paragraph" edits the paragraph beads (default "sentence"). Beads are named by '
                "their position in the level's list as GET gives it, as it stands when the edit comes. The result is checked and stored "
                "as a curator's alignment, as a PUT's is.",
                "security": [{"token": []}],
                "parameters": [_ID, _KEY],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlignmentEdit"}}}},
                "responses": _curator_responses("Not a valid edit of that alignment"),
            },
        },
        "/api/records/{id}/links": {
            "put": {
                "summary": "A curator confirms (or, with confirmed false, rejects) that this record answers or refers to another",
                "description": 'Body: {"target": ID, "relation": "answers" | "refers to", "confirmed": true}. Shown on both records.',
                "security": [{"token": []}],
                "parameters": [_ID],
                "responses": _curator_responses("Bad body"),
            }
        },
        "/api/search": {
            "get": {
                "summary": "Search every language the archive holds",
                "description": "The query language: words (ANDed), \"phrases\", OR, -word, fields title: summary: text: "
                "original: translation: citation:, filters lang: repository: translator: type: donor: archive: year: decade: id:, "
                "dates date:1962-04..1962-08, sort:date. Malformed queries are repaired; warnings say how.",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 2000}},
                    {"name": "sort", "in": "query", "schema": {"enum": ["relevance", "date", "-date"]}},
                    {"name": "facets", "in": "query", "schema": {"type": "boolean"}},
                    *_PAGE,
                ],
                "responses": {"200": {"description": "Results with snippets (highlights are [start, end] offsets into the snippet text) and, when asked, facet counts"}, "400": _ERROR_RESPONSE | {"description": "Bad parameter"}},
            }
        },
        "/api/entities/{id}": {
            "get": {
                "summary": "A person, place or organisation: its names by language and the records that mention it, by date",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}, _PAGE[0]],
                "responses": {"200": {"description": "The entity and a page of records"}, "404": _ERROR_RESPONSE | {"description": "No such entity"}},
            }
        },
        "/api/timeline": {
            "get": {
                "summary": "The dated events of the records a search finds: their dates, office dates and the dates their texts mention",
                "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}, "description": "e.g. entity:ji-pengfei or Xinjiang date:1962"}],
                "responses": {"200": {"description": "Events, earliest first"}, "400": _ERROR_RESPONSE | {"description": "No query"}},
            }
        },
        "/api/ingest": {
            "post": {
                "summary": "Ingest one export file sent as the request body",
                "security": [{"token": []}],
                "parameters": [{"name": "filename", "in": "query", "required": True, "schema": {"type": "string"}, "description": "Its name decides the reader (.txt, .jsonl) and the record id"}],
                "requestBody": {"content": {"text/plain": {}, "application/x-ndjson": {}}},
                "responses": {
                    "200": {"description": "Every record stored"},
                    "401": _ERROR_RESPONSE | {"description": "Missing or wrong token"},
                    "403": _ERROR_RESPONSE | {"description": "Writes are disabled"},
                    "413": _ERROR_RESPONSE | {"description": "Body too large"},
                    "422": {"description": "Some records failed; each failure says why"},
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}, "required": ["error"]},
            "Record": {"type": "object", "description": "See src/recto/schema/record.schema.json"},
            "AlignmentCorrection": load("alignment-correction"),
            "AlignmentEdit": load("alignment-edit"),
        },
    },
}
