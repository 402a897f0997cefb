import type { TFunction } from 'i18next';
import { formErrors, type FormErrors, type Issue } from '#platform/validation/index.ts';
import {
  PREFER_NOT_TO_SAY,
  equalityQuestions,
  ethnicityGroups,
  questionNames,
  type EqualityAnswers,
  type EqualityQuestion,
} from './questions.ts';

type Item = { value: string; text: string; checked: boolean } | { divider: string };

/** Radio items for a question: its answers, then "or", then "prefer not to say". */
function itemsFor(t: TFunction, question: EqualityQuestion, chosen: string | null | undefined) {
  const items: Item[] = equalityQuestions[question].map((value) => ({
    value,
    text: t(`equality:questions.${question}.options.${value}`),
    checked: chosen === value,
  }));
  return items;
}

const preferNot = (t: TFunction, chosen: string | null | undefined) => ({
  value: PREFER_NOT_TO_SAY,
  text: t('equality:preferNotToSay'),
  checked: chosen === PREFER_NOT_TO_SAY,
});

/** The view model: one radios block per question; ethnicity as the five GSS groups. */
function questionsView(t: TFunction, answers: EqualityAnswers, fields: FormErrors['fields']) {
  return {
    questions: questionNames
      .filter((q) => q !== 'ethnicity')
      .map((q) => ({
        name: q,
        legend: t(`equality:questions.${q}.legend`),
        hint: t(`equality:questions.${q}.hint`),
        errorMessage: fields[q],
        items: [
          ...itemsFor(t, q, answers[q]),
          { divider: t('equality:or') },
          preferNot(t, answers[q]),
        ],
      })),
    ethnicity: {
      legend: t('equality:questions.ethnicity.legend'),
      hint: t('equality:questions.ethnicity.hint'),
      errorMessage: fields.ethnicity,
      groups: Object.entries(ethnicityGroups).map(([group, options]) => ({
        id: `ethnicity-${group}`,
        legend: t(`equality:ethnicityGroups.${group}`),
        items: options.map((value) => ({
          value,
          text: t(`equality:questions.ethnicity.options.${value}`),
          checked: answers.ethnicity === value,
        })),
      })),
      preferNot: preferNot(t, answers.ethnicity),
    },
  };
}

/**
 * The form's questions with the answers and any issues: inline messages, and an error summary
 * whose lines name the question (ethnicity links to its first group's first answer).
 */
export function equalityFormView(t: TFunction, answers: EqualityAnswers, issues: Issue[]) {
  const { errorList, fields } = formErrors(t, issues, { ethnicity: 'ethnicity-asian' });
  const named = Object.keys(fields);
  return {
    errorList: errorList.map((entry, i) => ({
      ...entry,
      text: `${t(`equality:questions.${named[i] ?? ''}.legend`)}: ${entry.text}`,
    })),
    ...questionsView(t, answers, fields),
  };
}
