import { FR_FAMILY, FR_GIVEN, localPart, US_FAMILY, US_GIVEN } from './names.js';
import type { Rng } from './prng.js';

/** The mail client a person writes with; it decides Message-ID, boundary and header style. */
export type ClientKind = 'outlook' | 'gmail' | 'apple' | 'thunderbird';

export interface Person {
  name: string;
  address: string;
  domain: string;
  role: string;
  client: ClientKind;
  /** Minutes east of UTC in winter; the writer adds summer time for Europe and the US. */
  zone: 'paris' | 'new-york';
  lang: 'fr' | 'en';
  /** Staff of the organisation whose mailbox is in the dump. */
  hasMailbox: boolean;
  /** Lower-case local-part-based folder name of the mailbox. */
  mailboxName: string;
}

export interface ExternalOrg {
  domain: string;
  label: string;
  kind: 'bank' | 'press' | 'restaurant' | 'publisher' | 'supplier' | 'webmail' | 'travel' | 'us-press';
  /** DKIM selector when the domain signs its mail, else null. */
  selector: string | null;
  client: ClientKind;
  zone: Person['zone'];
  lang: Person['lang'];
}

export const ORG_DOMAIN = 'avancer.example';
export const ORG_NAME = 'Avancer !';
/** The organisation rotated its DKIM key on this date (two selectors in the key archive). */
export const KEY_ROTATION = Date.UTC(2017, 0, 16, 0, 0, 0);
export const ORG_SELECTORS = { before: 'sel2016a', after: 'sel2017b' } as const;

export const EXTERNALS: readonly ExternalOrg[] = [
  {
    domain: 'banque-lumiere.example',
    label: 'Banque Lumière',
    kind: 'bank',
    selector: 'dkim1',
    client: 'outlook',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'lequotidien.example',
    label: 'Le Quotidien',
    kind: 'press',
    selector: 'mail2016',
    client: 'apple',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'mailbox.test',
    label: 'Mailbox (webmail)',
    kind: 'webmail',
    selector: '20161025',
    client: 'gmail',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'brasserie-du-port.example',
    label: 'Brasserie du Port',
    kind: 'restaurant',
    selector: null,
    client: 'thunderbird',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'editions-grandet.example',
    label: 'Éditions Grandet',
    kind: 'publisher',
    selector: null,
    client: 'outlook',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'imprimerie-dubois.example',
    label: 'Imprimerie Dubois',
    kind: 'supplier',
    selector: null,
    client: 'thunderbird',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'voyages-azur.example',
    label: 'Voyages Azur',
    kind: 'travel',
    selector: null,
    client: 'outlook',
    zone: 'paris',
    lang: 'fr',
  },
  {
    domain: 'dailyledger.test',
    label: 'The Daily Ledger',
    kind: 'us-press',
    selector: null,
    client: 'gmail',
    zone: 'new-york',
    lang: 'en',
  },
];

const STAFF_ROLES = [
  'directeur de campagne',
  'trésorier',
  'chargée de communication',
  'attaché de presse',
  'responsable logistique',
  'conseiller programme',
  'chargé des relations élus',
  'responsable numérique',
  'assistante de direction',
  'responsable événements',
  'juriste',
  'comptable',
  'chargé de mission',
  'coordinatrice des bénévoles',
] as const;

export interface Org {
  domain: string;
  staff: Person[];
  contacts: Person[];
  mailboxes: Person[];
}

/** Size of the organisation per demo size: staff count and how many mailboxes leaked. */
export const ORG_SIZES = { small: { staff: 36, mailboxes: 6 }, full: { staff: 140, mailboxes: 28 } } as const;

/**
 * Builds the fictional organisation: staff under ORG_DOMAIN (a few of whose mailboxes leaked) and
 * external contacts at suppliers, press, a bank, a restaurant, a publisher and a webmail service.
 * @example const org = buildOrg(new Rng(1), 'small'); org.mailboxes.length // 6
 */
export function buildOrg(rng: Rng, size: keyof typeof ORG_SIZES): Org {
  const used = new Set<string>();
  const person = (
    given: readonly string[],
    family: readonly string[],
    domain: string,
  ): { name: string; address: string } => {
    for (;;) {
      const g = rng.pick(given);
      const f = rng.pick(family);
      const local = localPart(g, f);
      if (used.has(`${local}@${domain}`)) continue;
      used.add(`${local}@${domain}`);
      return { name: `${g} ${f}`, address: `${local}@${domain}` };
    }
  };
  const { staff: nStaff, mailboxes: nBoxes } = ORG_SIZES[size];
  const staff: Person[] = [];
  for (let i = 0; i < nStaff; i++) {
    const p = person(FR_GIVEN, FR_FAMILY, ORG_DOMAIN);
    const client = rng.weighted<ClientKind>([
      ['outlook', 5],
      ['apple', 3],
      ['thunderbird', 1],
      ['gmail', 1],
    ]);
    staff.push({
      ...p,
      domain: ORG_DOMAIN,
      role: STAFF_ROLES[i % STAFF_ROLES.length] as string,
      client: client === 'gmail' ? 'outlook' : client,
      zone: 'paris',
      lang: 'fr',
      hasMailbox: i < nBoxes,
      mailboxName: p.address.split('@')[0] as string,
    });
  }
  const contacts: Person[] = [];
  for (const ext of EXTERNALS) {
    const n = ext.kind === 'webmail' ? 8 : ext.kind === 'press' || ext.kind === 'us-press' ? 4 : 2;
    for (let i = 0; i < n; i++) {
      const p =
        ext.lang === 'en' ? person(US_GIVEN, US_FAMILY, ext.domain) : person(FR_GIVEN, FR_FAMILY, ext.domain);
      contacts.push({
        ...p,
        domain: ext.domain,
        role: ext.label,
        client: ext.client,
        zone: ext.zone,
        lang: ext.lang,
        hasMailbox: false,
        mailboxName: '',
      });
    }
  }
  return { domain: ORG_DOMAIN, staff, contacts, mailboxes: staff.filter((s) => s.hasMailbox) };
}

export function externalOf(domain: string): ExternalOrg | undefined {
  return EXTERNALS.find((e) => e.domain === domain);
}
