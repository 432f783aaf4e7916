import { describe, expect, it } from 'vitest'
import { mapChat } from '../../src/main/providers/express-chat/mapping'
import { chatListSchema } from '../../src/main/providers/express-chat/schemas'
import { writeBody } from '../../src/main/providers/express-chat/write-body'

// The record from the vendor docs, plus a field the schema does not name.
const DOC_CHAT = {
  _id: '63d9ffa77a8d152facbe2f2f',
  uuid: '7e88d192-9b20-4035-9b68-d4ac3d58a34f',
  createdAt: '2023-02-01T05:59:03.533Z',
  isOnline: false,
  lastMessage: { at: '2023-02-01T06:00:20.000Z', by: 'bot', text: 'Welcome to Reekolect. I am here to help you.' },
  lastSeenAt: '2023-02-01T06:00:21.000Z',
  profile: {
    notes: [{ title: 'Sample title', description: 'Sample description', _id: '63db5c4abcbc3be2e95b20ae' }],
    userDetails: {
      name: 'Sample name',
      picture: 'my-picture',
      contact: { email: 'Sample email', phone: { number: 'Sample number', prefix: '91' } },
      city: 'Sample city',
      country: 'Sample country',
      gender: 'MALE',
      tags: ['Sample tag'],
      attributes: [{ key: 'ID', value: 'BP001' }]
    }
  },
  status: 'INPROGRESS',
  updatedAt: '2023-02-02T06:46:34.119Z',
  websiteVisits: 1,
  _agentAssigned: '631aa793bcfa100487d13d0d',
  somethingNew: { kept: true }
}

function parsePage(data: unknown[]) {
  return chatListSchema.parse({ success: true, message: 'ok', code: 200, data })
}

describe('express-chat Chat → NormalizedLead', () => {
  it('maps every documented field and keeps the record as received in raw', () => {
    const [record] = parsePage([DOC_CHAT]).data
    const lead = mapChat(record!, 'lead')
    expect(lead).toEqual({
      remoteId: '7e88d192-9b20-4035-9b68-d4ac3d58a34f',
      kind: 'lead',
      name: 'Sample name',
      email: 'Sample email',
      phone: 'Sample number',
      phonePrefix: '91',
      status: 'INPROGRESS',
      agent: '631aa793bcfa100487d13d0d',
      picture: 'my-picture',
      city: 'Sample city',
      country: 'Sample country',
      gender: 'MALE',
      tags: ['Sample tag'],
      notes: [{ title: 'Sample title', description: 'Sample description' }],
      attributes: [{ key: 'ID', value: 'BP001' }],
      lastMessageText: 'Welcome to Reekolect. I am here to help you.',
      lastMessageAt: '2023-02-01T06:00:20.000Z',
      lastMessageBy: 'bot',
      websiteVisits: 1,
      createdAt: '2023-02-01T05:59:03.533Z',
      updatedAt: '2023-02-02T06:46:34.119Z',
      raw: DOC_CHAT
    })
    expect(lead.raw).toBe(DOC_CHAT)
  })

  it('a non-lead chat is kind chat', () => {
    expect(mapChat(parsePage([DOC_CHAT]).data[0]!, 'non-lead').kind).toBe('chat')
  })

  it('reads a chat with nothing but a uuid as empty fields', () => {
    const lead = mapChat(parsePage([{ uuid: 'u-1' }]).data[0]!, 'non-lead')
    expect(lead).toMatchObject({
      remoteId: 'u-1',
      name: null,
      email: null,
      phone: null,
      phonePrefix: null,
      tags: [],
      notes: [],
      attributes: [],
      lastMessageAt: null,
      createdAt: null,
      updatedAt: null,
      websiteVisits: null
    })
  })

  it('reads explicit nulls everywhere as empty fields', () => {
    const chat = {
      _id: '63d9ffa77a8d152facbe2f30',
      uuid: null,
      createdAt: null,
      updatedAt: null,
      status: null,
      _agentAssigned: null,
      lastMessage: null,
      profile: {
        notes: null,
        userDetails: { name: null, tags: null, attributes: null, contact: { email: null, phone: null } }
      }
    }
    const lead = mapChat(parsePage([chat]).data[0]!, 'lead')
    expect(lead.remoteId).toBe('63d9ffa77a8d152facbe2f30')
    expect(lead).toMatchObject({ name: null, email: null, phone: null, status: null, agent: null, tags: [], notes: [] })
  })

  it('reads fields of the wrong type as missing instead of refusing the page', () => {
    const chat = {
      uuid: 'u-2',
      websiteVisits: 'three',
      updatedAt: 1675231143533,
      status: 7,
      profile: {
        notes: [{ title: 'ok', description: null }, 'junk', { title: null, description: null }],
        userDetails: {
          name: ['not', 'a', 'name'],
          tags: ['hot', 3, null, ''],
          attributes: [{ key: 'plan', value: 12 }, { value: 'no key' }],
          contact: { phone: { number: 5551234, prefix: '+44' } }
        }
      }
    }
    const lead = mapChat(parsePage([chat]).data[0]!, 'lead')
    expect(lead).toMatchObject({
      websiteVisits: null,
      updatedAt: null,
      status: null,
      name: null,
      tags: ['hot'],
      notes: [{ title: 'ok', description: '' }],
      attributes: [{ key: 'plan', value: '12' }],
      phone: '5551234',
      phonePrefix: '44'
    })
  })

  it('clips notes and attributes to the cache limits while raw keeps them whole', () => {
    const long = 'x'.repeat(20_000)
    const chat = {
      uuid: 'u-long',
      profile: {
        notes: [{ title: long, description: long }],
        userDetails: { attributes: [{ key: long, value: long }] }
      }
    }
    const lead = mapChat(parsePage([chat]).data[0]!, 'lead')
    expect(lead.notes[0]?.title).toHaveLength(1024)
    expect(lead.notes[0]?.description).toHaveLength(10_000)
    expect(lead.attributes[0]).toEqual({ key: 'x'.repeat(256), value: 'x'.repeat(1024) })
    expect(lead.raw).toBe(chat)
  })

  it('refuses a page holding a chat with neither uuid nor _id', () => {
    const result = chatListSchema.safeParse({ success: true, data: [{ uuid: 'ok' }, { name: 'who?' }] })
    expect(result.success).toBe(false)
  })

  it('refuses an envelope without success:true and a data array', () => {
    expect(chatListSchema.safeParse({ success: false, data: [] }).success).toBe(false)
    expect(chatListSchema.safeParse({ success: true, data: {} }).success).toBe(false)
    expect(chatListSchema.safeParse({ success: true }).success).toBe(false)
  })

  it('keeps unicode and formula-looking text verbatim', () => {
    const names = [
      'محمد الأحمد',
      'अनीता शर्मा',
      '王芳',
      'Zoë 🦊‍🔥',
      '=HYPERLINK("http://evil.example","x")',
      '+1 555',
      '@SUM(A1:A9)',
      '-2+3'
    ]
    const data = names.map((name, index) => ({
      uuid: `u-${index}`,
      profile: {
        userDetails: { name, tags: [name], contact: { email: name } },
        notes: [{ title: name, description: name }]
      }
    }))
    const leads = parsePage(data).data.map((record) => mapChat(record, 'lead'))
    expect(leads.map((lead) => lead.name)).toEqual(names)
    expect(leads.map((lead) => lead.email)).toEqual(names)
    expect(leads.map((lead) => lead.tags[0])).toEqual(names)
    expect(leads.map((lead) => lead.notes[0]?.description)).toEqual(names)
  })
})

describe('express-chat write body', () => {
  const address = { uuid: 'u-1', botId: 'bot', customerId: 'cust' }

  it('sends only the patched fields, with dialCode and agentId', () => {
    expect(writeBody(address, { status: 'CLOSED' })).toEqual({ ...address, status: 'CLOSED' })
    expect(
      writeBody(address, {
        name: 'Ana',
        email: 'ana@example.com',
        phone: '98765 43210',
        phonePrefix: '91',
        agent: '631aa793bcfa100487d13d0d',
        notes: [{ title: 't', description: 'd' }],
        tags: ['hot', 'vip']
      })
    ).toEqual({
      ...address,
      name: 'Ana',
      email: 'ana@example.com',
      phone: '98765 43210',
      dialCode: '+91',
      agentId: '631aa793bcfa100487d13d0d',
      notes: [{ title: 't', description: 'd' }],
      tags: ['hot', 'vip']
    })
  })

  it('does not double a + already typed in the prefix', () => {
    expect(writeBody(address, { phonePrefix: '+44' }).dialCode).toBe('+44')
  })

  it('sends custom attributes as the whole list (issue 10)', () => {
    expect(writeBody(address, { attributes: [{ key: 'budget', value: '5000' }] })).toEqual({
      ...address,
      attributes: [{ key: 'budget', value: '5000' }]
    })
  })

  it('clears with null and empties lists with []', () => {
    expect(writeBody(address, { agent: null, name: '', phonePrefix: '', tags: [], notes: [] })).toEqual({
      ...address,
      agentId: null,
      name: null,
      dialCode: null,
      tags: [],
      notes: []
    })
  })
})
