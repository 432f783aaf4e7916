/**
 * express-chat shows a bot's two ids in the bot page URL (https://page.<brand>/BotId/CustomerId)
 * and in the widget script (<script ...>BotId,CustomerId</script>). Users paste either as-is.
 */
export interface ExpressChatIds {
  botId: string
  customerId: string
}

const ID = '[A-Za-z0-9_-]{1,64}'
const scriptBody = new RegExp(`<script\\b[^>]*>\\s*(${ID})\\s*,\\s*(${ID})\\s*</script>`, 'i')
const bareIds = new RegExp(`^\\s*(${ID})\\s*[,/]\\s*(${ID})\\s*$`)

export function parseExpressChatIds(pasted: string): ExpressChatIds | null {
  const text = pasted.trim()
  if (text.length === 0 || text.length > 8192) return null

  const script = scriptBody.exec(text)
  if (script?.[1] && script[2]) return { botId: script[1], customerId: script[2] }

  const urlMatch = /https?:\/\/[^\s"'<>]+/i.exec(text)
  if (urlMatch) {
    try {
      const url = new URL(urlMatch[0])
      const parts = url.pathname.split('/').filter(Boolean)
      const idPattern = new RegExp(`^${ID}$`)
      if (parts.length >= 2 && idPattern.test(parts[0]!) && idPattern.test(parts[1]!)) {
        return { botId: parts[0]!, customerId: parts[1]! }
      }
    } catch {
      return null
    }
    return null
  }

  const bare = bareIds.exec(text)
  if (bare?.[1] && bare[2]) return { botId: bare[1], customerId: bare[2] }
  return null
}
