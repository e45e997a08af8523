import type { ReactNode } from 'react'
import { useT } from '../i18n/useT'
import { CartStep } from './CartStep'
import { CheckoutStep } from './CheckoutStep'
import { Stepper } from './Stepper'
import type { PurchaseStep } from './lib/mag-routes'
import { FLOW_STEPS, stepIndex, type FlowKind } from './lib/purchase-flow'

/** The steps after checkout, which each flow shows in its own way. */
export type StepAfterCheckout = Exclude<PurchaseStep, { step: 'choose' | 'cart' | 'checkout' }>

type PurchaseFlowProps = {
  kind: FlowKind
  flow: PurchaseStep
  onFlow: (next: PurchaseStep) => void
  /** The first step: what to buy (Get 2FA's products, Renew's subscription). */
  choose: ReactNode
  /** The cart's way back to the first step ("Add something else", "Back"). */
  cartBackLabel: string
  /** The development service takes the gateway's documented test cards. */
  testMode: boolean
  /** Called once a checkout went through, before the flow moves on. */
  onCheckedOut?: () => void
  /** What a finished checkout leads to: license keys, an invoice, the new expiry. */
  afterCheckout: (flow: StepAfterCheckout) => ReactNode
}

/**
 * The stepper and the steps Get 2FA and Renew share: choose → cart → checkout, then the
 * flow's own end. One switch, so both flows move between cart and checkout the same way.
 */
export function PurchaseFlow({
  kind,
  flow,
  onFlow,
  choose,
  cartBackLabel,
  testMode,
  onCheckedOut,
  afterCheckout,
}: PurchaseFlowProps) {
  const { t } = useT()
  return (
    <>
      <Stepper steps={FLOW_STEPS[kind].map((id) => t(id))} current={stepIndex(flow, kind)} />
      {flow.step === 'choose' ? (
        choose
      ) : flow.step === 'cart' ? (
        <CartStep
          backLabel={cartBackLabel}
          onBack={() => onFlow({ step: 'choose' })}
          onCheckout={() => onFlow({ step: 'checkout' })}
        />
      ) : flow.step === 'checkout' ? (
        <CheckoutStep
          testMode={testMode}
          onBack={() => onFlow({ step: 'cart' })}
          onDone={(next) => {
            onFlow(next)
            onCheckedOut?.()
          }}
        />
      ) : (
        afterCheckout(flow)
      )}
    </>
  )
}
