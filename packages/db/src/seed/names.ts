/**
 * Name and lore generators: named characters in each faction's style, catalogue descriptions, lore and
 * rules text, and the hobby chatter (comments, messages, notes) of the demo users. Pure functions of
 * an Rng, so the same seed always writes the same words.
 */
import { type FactionData, type GameSystemData, type Kit, MODEL_TYPES } from './data/catalogue-data.ts';
import { type Rng } from './random.ts';

const SYLLABLES: Record<FactionData['naming'], { first: readonly string[]; last: readonly string[] }> = {
  gothic: {
    first: [
      'Cassius',
      'Varro',
      'Tiberius',
      'Severus',
      'Octavian',
      'Lucan',
      'Marius',
      'Aquilan',
      'Helias',
      'Drusus',
      'Castor',
      'Rhodan',
      'Valens',
      'Corvin',
      'Augustin',
      'Sabine',
      'Ismene',
      'Livia',
      'Cordelia',
      'Hestia',
    ],
    last: [
      'Valerian',
      'Thorne',
      'Graevus',
      'Kastellan',
      'Vex',
      'Aurelian',
      'Stern',
      'Morvane',
      'Daskar',
      'Karras',
      'Vortigen',
      'Solace',
      'Ardent',
      'Castellis',
      'Merrow',
      'Halloran',
    ],
  },
  nordic: {
    first: [
      'Bjorn',
      'Haldor',
      'Sven',
      'Ulfgar',
      'Kjarl',
      'Torvald',
      'Egil',
      'Hrolf',
      'Ingvar',
      'Sigrun',
      'Astrid',
      'Geir',
    ],
    last: [
      'Ironfang',
      'Stormhowl',
      'the Grim',
      'Frostmane',
      'Blackmaw',
      'Redclaw',
      'Wolfsbane',
      'Skyrender',
      'the Unbowed',
      'Greymantle',
    ],
  },
  elven: {
    first: ['Ael', 'Ith', 'Cael', 'Lir', 'Sael', 'Vyr', 'Ara', 'Ely', 'Ysil', 'Tal', 'Eth', 'Mir'],
    last: ['athiel', 'orin', 'esse', 'wyn', 'idrel', 'aya', 'anir', 'uvial', 'enna', 'ithra'],
  },
  orcish: {
    first: ['Gor', 'Skab', 'Snag', 'Ruk', 'Grim', 'Zog', 'Naz', 'Urk', 'Krag', 'Bog', 'Mogg', 'Dreg'],
    last: ['nak', 'grub', 'git', 'dakka', 'skull', 'gob', 'fang', 'rot', 'stompa', 'gutz', 'snik', 'krumpa'],
  },
  machine: {
    first: [
      'Zah',
      'Anrak',
      'Imo',
      'Sze',
      'Orik',
      'Khep',
      'Vargard',
      'Xal',
      'Vor',
      'Kel',
      'Zeth',
      'Tyr',
      'Omni',
    ],
    last: ['ndrekh', 'hotep', 'arakh', 'mekh', 'tys', 'rakh', 'tekh', 'amun', 'orak', 'ephet'],
  },
  saurian: {
    first: ['Kro', 'Tze', 'Xlan', 'Quet', 'Tla', 'Itz', 'Chak', 'Ozo', 'Nakai', 'Tehen'],
    last: ['akk', 'qua', 'zotl', 'tek', 'hual', 'xi', 'mal', 'huatl', 'cotl'],
  },
  duardin: {
    first: [
      'Brokk',
      'Thorek',
      'Grun',
      'Durgrim',
      'Bael',
      'Hrothgar',
      'Ungrim',
      'Drong',
      'Kazadra',
      'Hilda',
      'Orla',
    ],
    last: [
      'Grungsson',
      'Ironbeard',
      'Thunderhelm',
      'Goldhammer',
      'Stonecleaver',
      'Aethersworn',
      'Copperbraid',
      'Deepdelver',
    ],
  },
  undead: {
    first: [
      'Mannfred',
      'Vladimir',
      'Isabella',
      'Radukar',
      'Belladamma',
      'Kastel',
      'Morgra',
      'Valdric',
      'Seraphine',
      'Corvus',
    ],
    last: [
      'von Carstein',
      'of Ulfenkarn',
      'Volga',
      'of the Crimson Keep',
      'the Pale',
      'Nightbane',
      'Grimsoul',
      'of Shyish',
    ],
  },
  tau: {
    first: ["Vior'la", "T'ros", "Sa'cea", "Bork'an", "Dal'yth", "Fal'shia", "Ke'lshan"],
    last: ['Shovah', "Ka'mai", "Or'es", "Mont'yr", 'Kais', "Vash'ya", "El'lyra", 'Tash'],
  },
  beast: {
    first: ['the Crimson', 'the Hollow', 'the Shrieking', 'the Ravening', 'the Pale', 'Old', 'the Venom'],
    last: ['Maw', 'Terror', 'Claw', 'Devourer', 'Harbinger', 'Stalker', 'One-Eye', 'Scythe'],
  },
};

/** A named character of a faction, e.g. "Lord-Celestant Cassius Thorne" or "Warboss Gorgutz". */
export function characterName(rng: Rng, faction: FactionData): string {
  const style = SYLLABLES[faction.naming];
  const title = rng.pick(faction.titles);
  const first = rng.pick(style.first);
  const last = rng.pick(style.last);
  switch (faction.naming) {
    case 'elven':
    case 'orcish':
    case 'saurian':
      return `${title} ${first}${last}`;
    case 'machine':
      return rng.chance(0.5)
        ? `${title} ${first}${last}`
        : `${title} ${first}-${rng.int(2, 99)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
    case 'beast':
      return `${title} '${first} ${last}'`;
    default:
      return `${title} ${first} ${last}`;
  }
}

const WARGEAR = [
  'bolt weapons',
  'power weapons',
  'plasma guns',
  'flamers',
  'melta weapons',
  'chainswords',
  'heavy weapons',
  'shields',
  'banners',
  'spears',
  'crossbows',
  'rune-etched axes',
  'arcane staves',
  'pistols',
  'great blades',
];
const DETAILS = [
  'a choice of heads',
  'alternative torsos',
  'command options',
  'a scenic base',
  'interchangeable arms',
  'trophy racks',
  'purity seals and pouches',
  'optional backpacks',
  'swappable weapons',
  'a sculpted rubble base',
];

export function catalogueDescription(
  rng: Rng,
  kit: Kit,
  faction: FactionData,
  system: GameSystemData,
  material: string,
): string {
  const [name, type, base, , , models = 1] = kit;
  const weapons = rng.sample(WARGEAR, 2).join(' and ');
  const extras = rng.pick(DETAILS);
  const baseText =
    base === 'Hull' || base === 'none' || base === 'Flying base'
      ? base === 'Flying base'
        ? 'a flying stand'
        : 'no base (hull model)'
      : `${models === 1 ? 'a' : models} ${base} base${models === 1 ? '' : 's'}`;
  const what = models === 1 ? `one ${name}` : `${models} models (${name})`;
  const role = MODEL_TYPES[type].replace(/_/g, ' ');
  return (
    `This ${material} kit builds ${what} for ${faction.name} in ${system.name}, a ${role} choice. ` +
    `It offers ${weapons}, ${extras}, and comes with ${baseText}.`
  );
}

const LORE_OPENERS = [
  'On the battlefield',
  'In the oldest chronicles',
  'Among veterans',
  'In the war-annals of their people',
  'Wherever the fighting is thickest',
  'Since the first campaigns of the age',
];
const LORE_DEEDS: readonly (readonly [singular: string, plural: string])[] = [
  ['holds the line long after hope is lost', 'hold the line long after hope is lost'],
  [
    'turns the tide of a battle by arriving at the right moment',
    'turn the tide of a battle by arriving at the right moment',
  ],
  ['strikes where the enemy is weakest', 'strike where the enemy is weakest'],
  ['is whispered of by the foes it has broken', 'are whispered of by the foes they have broken'],
  [
    'has fought in nearly every great battle of the era',
    'have fought in nearly every great battle of the era',
  ],
  [
    'is trusted with the missions no one else could survive',
    'are trusted with the missions no one else could survive',
  ],
];

export function loreDescription(rng: Rng, name: string, faction: FactionData, plural: boolean): string {
  const [main, second, accent] = rng.sample(faction.colours, 3);
  const deed = rng.pick(LORE_DEEDS)[plural ? 1 : 0];
  const subject = /^(the |kill team:)/i.test(name) ? name : `the ${name}`;
  return (
    `${faction.lore} ${rng.pick(LORE_OPENERS)}, ${subject} ${deed}. ` +
    `Traditionally painted in ${main} with ${second} trim and ${accent} details.`
  );
}

const ABILITIES = [
  'Deep Strike',
  'Scouts',
  'Infiltrators',
  'Stealth',
  'Feel No Pain 5+',
  'Lone Operative',
  'Fights First',
  'Deadly Demise D3',
  'Leader',
  'Firing Deck 2',
  'Ward (5+)',
  'Rally',
  'Unstoppable',
  'Shieldwall',
];
const WEAPON_NAMES = [
  'Bolt rifle',
  'Heavy bolter',
  'Plasma incinerator',
  'Power sword',
  'Close combat weapon',
  'Lascannon',
  'Storm bow',
  'Great axe',
  'Melta rifle',
  'Shuriken catapult',
  'Choppa',
  'Pulse rifle',
  'Warpfire blast',
  'Blessed halberd',
];

/** A compact, plausible datasheet line in the rules style of the game system. */
export function rulesText(rng: Rng, kit: Kit, system: GameSystemData): string {
  const type = kit[1];
  const big = ['H', 'L', 'D', 'X'].includes(type) || kit[2] === 'Hull';
  const weapon = rng.pick(WEAPON_NAMES);
  const ability = rng.sample(ABILITIES, 2).join(', ');
  switch (system.ruleStyle) {
    case '40k':
    case 'hh': {
      const move = big ? rng.int(8, 12) : rng.int(5, 7);
      const toughness = big ? rng.int(8, 12) : rng.int(3, 6);
      const wounds = big ? rng.int(10, 22) : rng.int(1, 6);
      const save = big ? rng.int(2, 3) : rng.int(2, 5);
      return (
        `M ${move}" T ${toughness} Sv ${save}+ W ${wounds} Ld ${rng.int(6, 8)}+ OC ${big ? rng.int(3, 6) : rng.int(1, 2)}. ` +
        `${weapon}: range ${rng.pick([12, 18, 24, 36, 48])}" A ${rng.int(1, 4)} BS ${rng.int(2, 4)}+ S ${rng.int(4, 12)} AP -${rng.int(0, 3)} D ${rng.pick(['1', '2', '3', 'D3', 'D6'])}. ` +
        `Abilities: ${ability}.`
      );
    }
    case 'aos':
      return (
        `Move ${big ? rng.int(8, 12) : rng.int(4, 6)}" Health ${big ? rng.int(10, 18) : rng.int(1, 5)} Save ${rng.int(3, 5)}+ Control ${rng.int(1, 5)}. ` +
        `${weapon}: Atk ${rng.int(2, 5)} Hit ${rng.int(3, 4)}+ Wnd ${rng.int(3, 4)}+ Rnd ${rng.int(0, 2)} Dmg ${rng.int(1, 3)}. ` +
        `Abilities: ${ability}.`
      );
    case 'kt':
      return (
        `APL ${rng.int(2, 3)} Move ${rng.pick([6, 7])}" Save ${rng.int(3, 5)}+ Wounds ${rng.int(7, 14)}. ` +
        `${weapon}: Atk ${rng.int(3, 5)} Hit ${rng.int(3, 4)}+ Dmg ${rng.int(2, 4)}/${rng.int(3, 6)}. ` +
        `Abilities: ${rng.pick(ABILITIES)}.`
      );
  }
}

// ---------------------------------------------------------------------------------- hobby chatter
export const TECHNIQUES = [
  'zenithal priming',
  'drybrushing',
  'edge highlighting',
  'layering',
  'wet blending',
  'glazing',
  'contrast paints',
  'object source lighting',
  'non-metallic metal',
  'weathering',
  'sponge chipping',
  'freehand',
  'stippling',
  'oil washes',
  'airbrushing',
  'slapchop',
];
export const PAINT_BRANDS = [
  'Citadel',
  'Vallejo',
  'The Army Painter',
  'Scale75',
  'AK Interactive',
  'Pro Acryl',
  'Two Thin Coats',
];
const PARTS = [
  'cloak',
  'blade',
  'shoulder pads',
  'base',
  'face',
  'eye lenses',
  'banner',
  'armour panels',
  'gems',
  'tabard',
  'weapon casing',
];
const SHADES = [
  'Nuln Oil',
  'Agrax Earthshade',
  'Reikland Fleshshade',
  'Druchii Violet',
  'Coelia Greenshade',
  'Strong Tone',
];

export const PURCHASE_LOCATIONS = [
  'Local game store',
  'Games Workshop store',
  'Online retailer',
  'Convention trade hall',
  'Second-hand marketplace',
  'Trade with a friend',
  'Starter set split',
  'Birthday present',
];
export const STORAGE_LOCATIONS = [
  'Display cabinet',
  'Shelf of shame',
  'Foam case A',
  'Magnetic case B',
  'Painting desk',
  'Pile of Opportunity box',
  'Loft storage',
];

export const CUSTOM_ITEMS: readonly { name: string; note: string }[] = [
  {
    name: 'Kitbashed Inquisitor with servo-skull retinue',
    note: 'Built from three different kits and a lot of green stuff.',
  },
  {
    name: 'Converted warlord on scratch-built throne',
    note: 'Plasticard and bits-box conversion for a narrative campaign.',
  },
  {
    name: '3D-printed ruined manufactorum',
    note: 'Printed in resin over a long weekend; terrain for the club table.',
  },
  {
    name: 'Commissioned display diorama',
    note: 'Centrepiece for the army case; still deciding on the lighting.',
  },
  { name: 'Bits-box command squad', note: 'Leftover heads and arms from five different kits.' },
  { name: 'Scratch-built objective markers', note: 'Six markers on 40mm bases, cork and sprue offcuts.' },
  { name: 'Proxy heavy walker (kitbash)', note: 'Stands in for a kit I could not find; magnetised arms.' },
  { name: 'Homemade hill and forest terrain set', note: 'Foam, sand and static grass.' },
  { name: 'Converted mounted champion', note: 'Head swap, new cloak sculpted from putty.' },
  { name: 'Third-party sci-fi barricades', note: 'Bought at a convention; great for kill team boards.' },
];

export function commentText(rng: Rng, colour: string): string {
  const part = rng.pick(PARTS);
  return rng.pick([
    `That ${colour} on the ${part} is gorgeous!`,
    `How did you get the blend on the ${part} so smooth?`,
    `Love the freehand on the ${part}. Tutorial please!`,
    `Edge highlights are so crisp — what brush are you using?`,
    `The base really ties the whole thing together.`,
    `What primer did you start from? The ${colour} looks really rich.`,
    `Great job, this is getting me motivated to finish mine.`,
    `The weathering is subtle but it sells the scale.`,
    `Is that ${rng.pick(SHADES)} in the recesses? Looks perfect.`,
    `Stunning. Are you entering this in the club competition?`,
    `Clean work on the eyes — always the hardest part for me.`,
    `Colour scheme is spot on for the faction.`,
  ]);
}

export function replyText(rng: Rng): string {
  return rng.pick([
    'Thanks! Lots of thin layers and patience.',
    `Mostly ${rng.pick(TECHNIQUES)}, then a glaze to pull it together.`,
    'Cheers! It was a size 0 brush and a steady hand.',
    'Appreciate it — I will post a step-by-step this weekend.',
    'Thank you! The base took longer than the model.',
  ]);
}

export function sessionNote(rng: Rng, colour: string): string {
  const part = rng.pick(PARTS);
  return rng.pick([
    `Basecoat of ${colour} on the ${part}.`,
    `Shaded everything with ${rng.pick(SHADES)}.`,
    `Edge highlighted the ${part} with ${colour}.`,
    `Glazed the ${part}, two thin coats.`,
    `Based with texture paint, drybrushed and added tufts.`,
    `Cleaned mould lines and primed.`,
    `Worked on faces and eye lenses.`,
    `Varnished and touched up the ${part}.`,
    `Tried ${rng.pick(TECHNIQUES)} on the ${part}.`,
  ]);
}

export function modelNote(rng: Rng): string | null {
  return rng.pick([
    null,
    null,
    'Magnetised weapons for flexibility.',
    'Part of the current painting queue.',
    'Needs gap filling on the torso.',
    'Bought for the upcoming narrative campaign.',
    'Test model for the army scheme.',
    'Second-hand, stripped and re-primed.',
    'Painted for a commission swap with a friend.',
  ]);
}

export const ARMY_NAMES = [
  'Crusade Force',
  'Strike Force',
  'Vanguard',
  'Warband',
  'Host',
  'Battle Company',
  'Spearhead',
  'Patrol',
  'Tournament List',
  'Narrative Campaign Force',
];
export const ARMY_EPITHETS = [
  'of the Burning Star',
  'of the Iron Vigil',
  'of the Seventh Moon',
  'of the Ashen Gate',
  'of the Shattered Crown',
  'of the Last Dawn',
  'of the Obsidian Vale',
  'of the Drowned Coast',
];

export function conversationLine(rng: Rng, modelName: string): string {
  return rng.pick([
    `Are you bringing the ${modelName} on Thursday?`,
    'Game night still on for this week?',
    `Just finished priming the ${modelName}, finally!`,
    'Anyone want to split a starter set?',
    `What colours did you use on your ${modelName}?`,
    'The new codex drops next month, pre-orders are open Saturday.',
    'I can host the next game, I have the big board set up.',
    'Sorry, running late — start deployment without me.',
    'That last game was brutal. Rematch?',
    'I found a great tutorial on glazing, sending the link later.',
    'Thanks for the tips yesterday, the highlights look so much better.',
    `How many points is the ${modelName} now after the update?`,
    'Painting stream tonight at eight if anyone wants to hang out.',
    'Picked up some second-hand bits, want the spares?',
  ]);
}
