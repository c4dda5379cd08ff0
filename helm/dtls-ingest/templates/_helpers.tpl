{{/* Name of the chart, shortened to the 63 characters a label value allows. */}}
{{- define "dtls-ingest.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "dtls-ingest.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dtls-ingest.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "dtls-ingest.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "dtls-ingest.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dtls-ingest.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "dtls-ingest.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dtls-ingest.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Whether a devices file is mounted; fails when it is given twice. */}}
{{- define "dtls-ingest.devicesFile" -}}
{{- if and .Values.devicesFile.secret .Values.devicesFile.configMap }}
{{- fail "devicesFile: give either secret or configMap, not both" }}
{{- end }}
{{- if or .Values.devicesFile.secret .Values.devicesFile.configMap }}true{{- end }}
{{- end }}

{{/* The Secret holding the admin token, the secrets key and the server key. */}}
{{- define "dtls-ingest.secretName" -}}
{{- default (include "dtls-ingest.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* The Secret and key holding the database password; empty when there is no password. */}}
{{- define "dtls-ingest.databasePasswordSecret" -}}
{{- if .Values.database.passwordSecret.name }}
{{- .Values.database.passwordSecret.name }}
{{- else if .Values.database.password }}
{{- if .Values.secrets.existingSecret }}
{{- fail "database.password cannot go into secrets.existingSecret, which the chart does not write: put the password into a Secret of its own and name it in database.passwordSecret" }}
{{- end }}
{{- include "dtls-ingest.fullname" . }}
{{- end }}
{{- end }}

{{- define "dtls-ingest.databasePasswordKey" -}}
{{- if .Values.database.passwordSecret.name }}
{{- .Values.database.passwordSecret.key }}
{{- else }}
{{- print "database-password" }}
{{- end }}
{{- end }}

{{/* Where the state volume is mounted and the state file inside it. */}}
{{- define "dtls-ingest.stateDir" -}}
/var/lib/dtls-ingest
{{- end }}

{{/*
The grace period: long enough for the whole graceful stop, see `shutdown` in values.yaml.
*/}}
{{- define "dtls-ingest.terminationGracePeriodSeconds" -}}
{{- $s := .Values.shutdown }}
{{- add $s.preStopSleepSeconds $s.phaseTimeoutSeconds (mul 2 $s.drainTimeoutSeconds) $s.stopMarginSeconds }}
{{- end }}
