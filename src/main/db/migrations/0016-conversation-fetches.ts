import type { Migration } from '../migrate'

/**
 * When a lead's conversations (ChatBot.com user details, kept in `chats`) were last read from its
 * platform, so that the detail panel can show them offline and say how old they are. A lead whose
 * platform listed none still gets a row: "none, as of then" differs from "never asked".
 */
export const m0016conversationFetches: Migration = {
  version: 16,
  name: 'conversation fetches',
  up: `
    CREATE TABLE conversation_fetches (
      lead_id INTEGER PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
      fetched_at TEXT NOT NULL
    );
  `
}
