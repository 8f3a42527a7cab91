/** A JSON schema (draft-07) as a plain object: the editor hands it to monaco-yaml, tests to ajv. */
export type JsonSchema = Record<string, unknown>;
