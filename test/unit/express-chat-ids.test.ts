import { expect, it } from 'vitest'
import { parseExpressChatIds } from '../../src/shared/express-chat-ids'

const ids = { botId: '63d9ffa77a8d152facbe2f2f', customerId: '631aa793bcfa100487d13d0d' }

it.each([
  ['the bot page URL', `https://page.botbuddyai.com/${ids.botId}/${ids.customerId}`],
  ['the URL with a trailing slash and query', `https://page.Reekolect.online/${ids.botId}/${ids.customerId}/?utm=x`],
  ['the URL inside other text', `see https://page.convertalk.com/${ids.botId}/${ids.customerId} thanks`],
  [
    'the widget script',
    `<script id="BotBuddy AI-messenger-widget" src="https://cdn.botbuddyai.com/BotBuddy AI.js" defer>${ids.botId},${ids.customerId}</script>`
  ],
  ['the widget script with spaces and newlines', `<script defer>\n  ${ids.botId} , ${ids.customerId}\n</script>`],
  ['the two ids separated by a comma', `${ids.botId},${ids.customerId}`]
])('finds both ids in %s', (_label, pasted) => {
  expect(parseExpressChatIds(pasted)).toEqual(ids)
})

it.each([
  ['an empty string', ''],
  ['a URL with one id', `https://page.botbuddyai.com/${ids.botId}`],
  ['a script with one id', `<script defer>${ids.botId}</script>`],
  ['prose', 'my bot is the blue one'],
  ['a URL with odd characters in an id', 'https://page.x.com/<b>/c']
])('refuses %s', (_label, pasted) => {
  expect(parseExpressChatIds(pasted)).toBeNull()
})
