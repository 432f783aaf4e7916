/** Word pools for the generated data: several scripts, spreadsheet-formula traps, awkward unicode. */

export type Script = 'latin' | 'arabic' | 'devanagari' | 'cjk' | 'hangul' | 'cyrillic'

export const FIRST_NAMES: Record<Script, readonly string[]> = {
  latin: [
    'Ana',
    'José',
    'Zoë',
    'Łukasz',
    'Chloé',
    'Liam',
    'Amara',
    'Søren',
    'Olivia',
    'Mateo',
    'Nguyễn',
    'Fatima',
    "D'Angelo",
    'Björn',
    'Aisha',
    'Kwame'
  ],
  arabic: ['محمد', 'فاطمة', 'أحمد', 'ليلى', 'يوسف', 'مريم', 'عمر', 'نور'],
  devanagari: ['राहुल', 'प्रिया', 'अमित', 'सुनीता', 'विकास', 'अनन्या', 'रोहन', 'कविता'],
  cjk: ['伟', '娜', '太郎', '花子', '秀英', '翔', '美咲', '明'],
  hangul: ['민준', '서연', '지호', '하은', '도윤', '수아'],
  cyrillic: ['Иван', 'Ольга', 'Дмитрий', 'Наталья', 'Алексей', 'Светлана']
}

export const LAST_NAMES: Record<Script, readonly string[]> = {
  latin: [
    'García',
    'Müller',
    'Smith',
    "O'Brien",
    'Kowalski',
    'Dubois',
    'Okafor',
    'Rossi',
    'van der Berg',
    'Nakamura',
    'Silva',
    'Johansson',
    'Ng',
    'Hernández-López'
  ],
  arabic: ['العلي', 'حسن', 'الشامي', 'منصور', 'خليل', 'السيد'],
  devanagari: ['शर्मा', 'वर्मा', 'पटेल', 'गुप्ता', 'सिंह', 'कुमार'],
  cjk: ['王', '李', '田中', '佐藤', '张', '陈'],
  hangul: ['김', '이', '박', '최', '정'],
  cyrillic: ['Иванов', 'Петрова', 'Смирнов', 'Кузнецова', 'Попов']
}

/** Family name first in these scripts. */
export const FAMILY_FIRST: ReadonlySet<Script> = new Set(['cjk', 'hangul'])

/** Strings that Excel, Sheets or LibreOffice would evaluate if a CSV export left them raw. */
export const FORMULAS = [
  '=HYPERLINK("http://x","y")',
  '+1 555',
  '@SUM(A1)',
  '-2+3',
  '=1+1',
  "=cmd|' /C calc'!A0",
  '\t=2*3',
  '+CONCAT("a","b")'
] as const

export const EMOJI_NAMES = ['Sam 🚀', '🌸 Mei', 'Alex 👩🏽‍💻', 'Ravi 🇮🇳', 'Zoe 🦄✨', '👨‍👩‍👧 The Parkers', '🤖'] as const

export interface Country {
  name: string
  code: string
  dial: string
  cities: readonly string[]
  scripts: readonly Script[]
  language: string
  timezone: string
}

export const COUNTRIES: readonly Country[] = [
  {
    name: 'United States',
    code: 'US',
    dial: '1',
    cities: ['New York', 'Austin', 'Chicago', 'San José'],
    scripts: ['latin'],
    language: 'en',
    timezone: 'America/New_York'
  },
  {
    name: 'United Kingdom',
    code: 'GB',
    dial: '44',
    cities: ['London', 'Manchester', 'Edinburgh'],
    scripts: ['latin'],
    language: 'en',
    timezone: 'Europe/London'
  },
  {
    name: 'India',
    code: 'IN',
    dial: '91',
    cities: ['Mumbai', 'Bengaluru', 'Pune', 'नई दिल्ली'],
    scripts: ['devanagari', 'latin'],
    language: 'hi',
    timezone: 'Asia/Kolkata'
  },
  {
    name: 'United Arab Emirates',
    code: 'AE',
    dial: '971',
    cities: ['Dubai', 'أبو ظبي', 'Sharjah'],
    scripts: ['arabic', 'latin'],
    language: 'ar',
    timezone: 'Asia/Dubai'
  },
  {
    name: 'Egypt',
    code: 'EG',
    dial: '20',
    cities: ['القاهرة', 'Alexandria'],
    scripts: ['arabic'],
    language: 'ar',
    timezone: 'Africa/Cairo'
  },
  {
    name: 'Saudi Arabia',
    code: 'SA',
    dial: '966',
    cities: ['الرياض', 'Jeddah'],
    scripts: ['arabic'],
    language: 'ar',
    timezone: 'Asia/Riyadh'
  },
  {
    name: 'China',
    code: 'CN',
    dial: '86',
    cities: ['上海', '北京', 'Shenzhen'],
    scripts: ['cjk'],
    language: 'zh',
    timezone: 'Asia/Shanghai'
  },
  {
    name: 'Japan',
    code: 'JP',
    dial: '81',
    cities: ['東京', 'Osaka'],
    scripts: ['cjk'],
    language: 'ja',
    timezone: 'Asia/Tokyo'
  },
  {
    name: 'South Korea',
    code: 'KR',
    dial: '82',
    cities: ['서울', 'Busan'],
    scripts: ['hangul'],
    language: 'ko',
    timezone: 'Asia/Seoul'
  },
  {
    name: 'Germany',
    code: 'DE',
    dial: '49',
    cities: ['Berlin', 'München', 'Köln'],
    scripts: ['latin'],
    language: 'de',
    timezone: 'Europe/Berlin'
  },
  {
    name: 'France',
    code: 'FR',
    dial: '33',
    cities: ['Paris', 'Lyon'],
    scripts: ['latin'],
    language: 'fr',
    timezone: 'Europe/Paris'
  },
  {
    name: 'Brazil',
    code: 'BR',
    dial: '55',
    cities: ['São Paulo', 'Rio de Janeiro'],
    scripts: ['latin'],
    language: 'pt',
    timezone: 'America/Sao_Paulo'
  },
  {
    name: 'Nigeria',
    code: 'NG',
    dial: '234',
    cities: ['Lagos', 'Abuja'],
    scripts: ['latin'],
    language: 'en',
    timezone: 'Africa/Lagos'
  },
  {
    name: 'South Africa',
    code: 'ZA',
    dial: '27',
    cities: ['Johannesburg', 'Cape Town'],
    scripts: ['latin'],
    language: 'en',
    timezone: 'Africa/Johannesburg'
  },
  {
    name: 'Russia',
    code: 'RU',
    dial: '7',
    cities: ['Москва', 'Saint Petersburg'],
    scripts: ['cyrillic', 'latin'],
    language: 'ru',
    timezone: 'Europe/Moscow'
  },
  {
    name: 'Mexico',
    code: 'MX',
    dial: '52',
    cities: ['Ciudad de México', 'Guadalajara'],
    scripts: ['latin'],
    language: 'es',
    timezone: 'America/Mexico_City'
  }
]

export const EMAIL_DOMAINS = [
  'example.com',
  'example.org',
  'example.net',
  'mail.example',
  'test.example.co.uk'
] as const

export const TAGS = [
  'hot',
  'cold',
  'pricing',
  'demo-requested',
  'enterprise',
  'vip',
  'follow up',
  'newsletter',
  'बजट',
  'عميل',
  '重要',
  '🔥',
  '=HYPERLINK("http://x","y")',
  '@SUM(A1)'
] as const

export const NOTE_TITLES = [
  'Call back',
  'Pricing question',
  'Wants a demo',
  'Follow-up',
  'متابعة',
  'कॉल करें',
  '折り返し電話',
  '-2+3'
] as const

export const NOTE_TEXTS = [
  'Asked about the annual plan.',
  'Prefers WhatsApp, not email.\nAvailable after 5pm.',
  'Budget approved for Q3 — needs an invoice in EUR.',
  'يريد عرض سعر للفريق',
  'डेमो अगले सप्ताह',
  '来週デモを希望',
  'Said "call me maybe" 🤙',
  '=HYPERLINK("http://x","y")',
  'Long note: ' + 'lorem ipsum dolor sit amet '.repeat(30).trim()
] as const

export const MESSAGES = [
  'Welcome! I am here to help you.',
  'Hi, what does the pro plan cost?',
  'Can someone call me tomorrow?',
  'Thanks, that answers it 👍',
  'مرحبا، أريد معرفة المزيد',
  'नमस्ते, मुझे डेमो चाहिए',
  '你好，请问价格是多少？',
  'お問い合わせありがとうございます',
  'Please share your email so our team can reach you.',
  '+1 555 is my work line',
  'Line one\nline two\n\ttabbed',
  ''
] as const

export const ATTRIBUTE_KEYS = ['plan', 'company', 'utm_source', 'budget', 'employees', 'ID', 'source-page'] as const

export const ATTRIBUTE_VALUES = [
  'pro',
  'Acme GmbH',
  'google',
  '10000',
  '11-50',
  'BP001',
  '/pricing?ref=chat',
  '株式会社テスト',
  '@SUM(A1)',
  '-2+3'
] as const

export const SEGMENTS = ['Leads', 'Customers', 'Newsletter', 'VIP'] as const

export const GENDERS = ['MALE', 'FEMALE', 'OTHER'] as const
