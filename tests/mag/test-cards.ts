/**
 * The reference service's test-mode cards (packages/server/src/commerce/README.md), for the
 * MAG use-case tests and the e2e journey. Any future expiry and a 3-digit CVC.
 */
export const TEST_CARD = {
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: 2099,
  cvc: '123',
} as const
/** Declined with `insufficient_funds`. */
export const DECLINED_CARD = { ...TEST_CARD, number: '4000 0000 0000 9995' } as const
