/**
 * The money capability's public API: rates and rules, expense claims, involvement payments,
 * benefit awareness, statements, time credits and finance exports (issue 11). Other capabilities
 * import from `#features/money` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { moneyPermissionsModule } from './module.ts';
import { creditsModule } from './credits/module.ts';
import { claimsModule } from './claims/module.ts';
import type { ClaimsService } from './claims/service.ts';
import type { CreditsPortal } from './credits/portal.ts';
import type { CreditsService } from './credits/service.ts';
import { ratesModule } from './rates/module.ts';
import type { RatesService } from './rates/service.ts';
import { choicesModule } from './choices/module.ts';
import type { ChoicesService } from './choices/service.ts';
import { thresholdsModule } from './thresholds/module.ts';
import { approvalModule } from './approval/module.ts';
import type { ApprovalService } from './approval/service.ts';
import type { ThresholdsService } from './thresholds/service.ts';
import { paymentsModule } from './payments/module.ts';
import { statementsModule } from './statements/module.ts';
import { portalClaimsModule } from './portal-claims/module.ts';
import { exportsModule } from './exports/module.ts';
import { batchesModule } from './batches/module.ts';
import type { BatchesService } from './batches/service.ts';
import { attendanceClaimsModule } from './attendance-claims/module.ts';
import type { AttendanceClaimsService } from './attendance-claims/service.ts';
import type { ExportsService } from './exports/service.ts';
import type { PortalClaimsService } from './portal-claims/service.ts';
import type { StatementsService } from './statements/service.ts';
import type { PaymentsService } from './payments/service.ts';

// In the order their services are built.
export const moneyModules: Module[] = [
  moneyPermissionsModule,
  ratesModule,
  thresholdsModule,
  choicesModule,
  creditsModule,
  claimsModule,
  approvalModule,
  paymentsModule,
  batchesModule,
  statementsModule,
  portalClaimsModule,
  exportsModule,
  attendanceClaimsModule,
];

declare module '#platform/modules/contract.ts' {
  interface Services {
    rates: RatesService;
    credits: CreditsService;
    creditsPortal: CreditsPortal;
    thresholds: ThresholdsService;
    choices: ChoicesService;
    claims: ClaimsService;
    approval: ApprovalService;
    payments: PaymentsService;
    batches: BatchesService;
    statements: StatementsService;
    portalClaims: PortalClaimsService;
    exports: ExportsService;
    attendanceClaims: AttendanceClaimsService;
  }
}

// The rates and rules in force at an organisation on a day (its own, else its nearest ancestor's).
export {
  ratesInForce,
  type RatesInForce,
  type RateRules,
  type PaymentRate,
} from './rates/repository.ts';
export { vehicles, paymentUnits, type Vehicle, type PaymentUnit } from './rates/tables.ts';
// Benefit thresholds by tax year (6 April to 5 April): those in force on a day.
export { thresholdsFor, type Threshold } from './thresholds/repository.ts';
export { benefits, type Benefit, type ThresholdPeriod } from './thresholds/tables.ts';
export { taxYearOf, taxYearDays } from './thresholds/tax-year.ts';
// How a person wants to be paid, and their benefits and own limit (with consent). Not audited:
// a caller that shows either to someone audits that read.
export {
  paymentChoiceOf,
  benefitProfileOf,
  type PaymentChoice,
  type BenefitProfile,
} from './choices/repository.ts';
export { paymentMethods, type PaymentMethod } from './choices/tables.ts';
// Money is whole pence; people read and type pounds.
export { formatPence, parsePounds } from './pence.ts';
// Time credits: awarding them for an involvement record (in the caller's transaction), e.g. when
// a person chooses time credits instead of an involvement payment.
export { awardCreditsForInvolvement } from './credits/ledger.ts';
export { formatCredits, parseCredits } from './credits/credits.ts';
// Expense claims: a claim with its lines (not audited: the caller audits a read it shows), the
// totals of claims, and the claim number as people read it.
export {
  findClaim,
  claimTotals,
  claimNumber,
  type Claim,
  type ClaimLine,
  type ClaimTotals,
} from './claims/repository.ts';
export {
  claimStatuses,
  expenseKinds,
  receiptStates,
  type ClaimStatus,
  type ExpenseKind,
  type LineKind,
  type ReceiptState,
} from './claims/tables.ts';
// The benefit check: a person's involvement payments over a week, 30 days and the tax year.
export { checkBenefits, type BenefitCheck, type LimitCrossed } from './benefits/check.ts';
