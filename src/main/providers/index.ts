import { ChatbotComConnector } from './chatbot-com/connector'
import { ChatzuriConnector } from './chatzuri/connector'
import type { Connector, ConnectorSettings } from './connector'
import { ExpressChatConnector } from './express-chat/connector'

export { ChatbotComConnector } from './chatbot-com/connector'
export { ChatzuriConnector } from './chatzuri/connector'
export { ExpressChatConnector } from './express-chat/connector'
export { ProviderError } from './connector'
export { blankLead } from './lead-fields'
// Platform facts and schema helpers the sandbox shares, so it imitates exactly what the connectors expect.
export { CHATBOT_COM, CHATZURI, EXPRESS_CHAT, PUSH, inboxLink } from './decisions'
export { describeIssues } from './schema-helpers'
export type {
  Connector,
  ConnectorSettings,
  CreateOutcome,
  Landmarks,
  LocalLead,
  NormalizedLead,
  Page,
  PushOutcome,
  PushTarget,
  ReceivedRecord,
  RemoteConversation,
  StreamCursor,
  UnchangedFilter
} from './connector'

export function createConnector(settings: ConnectorSettings): Connector {
  switch (settings.platform) {
    case 'express-chat':
      return new ExpressChatConnector(settings)
    case 'chatbot-com':
      return new ChatbotComConnector(settings)
    case 'chatzuri':
      return new ChatzuriConnector(settings)
  }
}
