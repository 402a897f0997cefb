/** A message for the notifier adapters' tests: an invitation with Welsh letters (ŵ, ŷ) in it. */
export const welshInvitation = {
  template: 'invitation',
  personalisation: {
    inviter: 'Siôn Ŵyn',
    organisation: 'Gwasanaeth Tŷ Ŷd',
    link: 'https://cyd.example/invitations/abc',
  },
  reference: 'invitation-0b6f',
};
