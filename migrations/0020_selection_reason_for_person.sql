-- The reason a person was not chosen (or chosen) must make sense to them: "another reason" comes
-- with a reason written for the person, in their language, kept apart from the staff-only note.
alter table expressions_of_interest
  add column decision_reason_for_person text
    check (length(decision_reason_for_person) <= 500);
