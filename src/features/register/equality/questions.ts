/**
 * Equality monitoring questions: the protected characteristics of the Equality Act 2010 s.4,
 * ethnicity in the GSS harmonised categories for Wales (five groups and their options), and
 * Welsh speaker, criminal justice involvement and housing. Every question may be answered
 * "prefer not to say" or left unanswered. Stored codes are stable; the words are in
 * locales/{en,cy}/equality.json under `questions.<question>.options.<code>`.
 */
export const PREFER_NOT_TO_SAY = 'prefer_not_to_say';

/** GSS harmonised ethnic group categories (Wales): group → detailed options. */
export const ethnicityGroups = {
  asian: ['asian_indian', 'asian_pakistani', 'asian_bangladeshi', 'asian_chinese', 'asian_other'],
  black: ['black_caribbean', 'black_african', 'black_other'],
  mixed: [
    'mixed_white_black_caribbean',
    'mixed_white_black_african',
    'mixed_white_asian',
    'mixed_other',
  ],
  white: [
    'white_welsh_english_scottish_ni_british',
    'white_irish',
    'white_gypsy_irish_traveller',
    'white_roma',
    'white_other',
  ],
  other: ['other_arab', 'other_any'],
} as const;
export type EthnicityGroup = keyof typeof ethnicityGroups;

/** Question → its answers in order ("prefer not to say" last). Keys are the table's columns. */
export const equalityQuestions = {
  age_band: ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus'],
  disability: ['yes_a_lot', 'yes_a_little', 'no'],
  gender_reassignment: ['same', 'different'],
  marriage_civil_partnership: [
    'never',
    'married',
    'civil_partnership',
    'separated',
    'divorced_dissolved',
    'widowed',
  ],
  pregnancy_maternity: ['pregnant', 'recent_birth', 'neither'],
  ethnicity: Object.values(ethnicityGroups).flat(),
  religion_belief: ['none', 'christian', 'buddhist', 'hindu', 'jewish', 'muslim', 'sikh', 'other'],
  sex: ['female', 'male'],
  sexual_orientation: ['straight', 'gay_lesbian', 'bisexual', 'other'],
  welsh_speaker: ['fluent', 'some', 'learning', 'no'],
  criminal_justice: ['current', 'past', 'no'],
  housing: [
    'owner',
    'social_rent',
    'private_rent',
    'family_friends',
    'supported',
    'temporary',
    'no_home',
    'other',
  ],
} as const satisfies Record<string, readonly string[]>;

export type EqualityQuestion = keyof typeof equalityQuestions;
export const questionNames = Object.keys(equalityQuestions) as EqualityQuestion[];

/** Every answer a question accepts, "prefer not to say" included. */
export const answersOf = (question: EqualityQuestion): readonly string[] => [
  ...equalityQuestions[question],
  PREFER_NOT_TO_SAY,
];

/** The ethnic group of a detailed ethnicity answer (for aggregates by group). */
export function ethnicityGroupOf(answer: string): EthnicityGroup | null {
  for (const [group, options] of Object.entries(ethnicityGroups))
    if ((options as readonly string[]).includes(answer)) return group as EthnicityGroup;
  return null;
}

export type EqualityAnswers = Partial<Record<EqualityQuestion, string | null>>;
