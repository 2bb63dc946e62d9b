{{- define "gpmirrors.labels" -}}
app.kubernetes.io/name: gpmirrors-operator
app.kubernetes.io/part-of: greenplum-mirror-operator
{{- end }}

{{- define "gpmirrors.subject" -}}
- kind: ServiceAccount
  name: gpmirrors-operator
  namespace: {{ .Release.Namespace }}
{{- end }}

{{/* What the operator does where it watches: the rules of the Role of deploy/overlays. */}}
{{- define "gpmirrors.rules" -}}
- apiGroups: ["greenplum.io"]
  resources: ["mirrorsets"]
  verbs: ["list", "watch", "patch", "get"]
- apiGroups: ["greenplum.io"]
  resources: ["mirrorsets/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "create", "delete", "patch"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "watch", "create", "delete", "patch"]
- apiGroups: [""]
  # Only Secrets labelled greenplum.io/mirrorset-credentials=true are used (RBAC cannot say
  # so by label; the operator refuses the others: SecretNotAllowed).
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  # The coordinator's CA when spec.coordinator.tls.caConfigMap names one.
  resources: ["configmaps"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: ["policy"]
  # Two per MirrorSet (mirrors, acting primaries), their minAvailable patched as the catalog
  # changes; deleted with the mirrors (RemoveMirrors).
  resources: ["poddisruptionbudgets"]
  verbs: ["create", "patch", "delete"]
{{- end }}
