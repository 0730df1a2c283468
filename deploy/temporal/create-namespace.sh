#!/bin/sh
# Creates RecomAMP's Temporal namespace once the server answers (temporalio/admin-tools' temporal CLI), with the
# retention of closed workflow histories (NAMESPACE_RETENTION, default 7d). The worker and the API register
# RecomAMP's search attributes on it themselves when they start.
set -eu
NAMESPACE="${NAMESPACE:-recomamp}"
RETENTION="${NAMESPACE_RETENTION:-7d}"
ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"

attempt=0
until temporal operator cluster health --address "${ADDRESS}"; do
  attempt=$((attempt + 1))
  if [ "${attempt}" -ge 60 ]; then echo "Temporal at ${ADDRESS} did not become healthy"; exit 1; fi
  sleep 2
done
if temporal operator namespace describe --namespace "${NAMESPACE}" --address "${ADDRESS}" >/dev/null 2>&1; then
  echo "namespace ${NAMESPACE} exists"
else
  temporal operator namespace create --namespace "${NAMESPACE}" --retention "${RETENTION}" --address "${ADDRESS}"
  echo "namespace ${NAMESPACE} created (retention ${RETENTION})"
fi
