#!/usr/bin/env bash
# The compose stack's Kafka (docker-compose.yml runs this in the apache/kafka image instead of
# its own entrypoint, which cannot create SCRAM users when it formats the storage).
#
# The broker is configured as the native one: deploy/native/kafka/server.properties.template,
# rendered here, then the compose listeners appended (the last value of a key wins in a
# properties file). So both stacks have the same security settings (docs/security.md):
# SASL/SCRAM-SHA-512 over TLS, the StandardAuthorizer, no ACL no access.
#
# Mounted by docker-compose.yml: the template, deploy/kafka-credentials.env (one SCRAM user per
# line, plus lr-controller) and var/tls (the development CA and the broker's PEM keystore, which
# `lr stack up` makes on the host with lr_tools.stack.tls).
set -euo pipefail

template=/etc/lr-kafka/server.properties.template
credentials=/etc/lr-kafka/kafka-credentials.env
tls=/etc/lr-kafka/tls
data=/var/lib/kafka/data
config=/tmp/lr-kafka/server.properties
admin_config=/tmp/lr-kafka/admin.properties  # the healthcheck's client (lr-admin)

for needed in "$template" "$credentials" "$tls/kafka.pem" "$tls/ca.pem"; do
  if [[ ! -r "$needed" ]]; then
    echo "kafka: $needed is missing or unreadable: run \`lr stack up\` once on the host" \
      "(it makes var/tls), and LR_UID=\$(id -u) if your user id is not 1000" >&2
    exit 1
  fi
done

declare -A password=()
scram=()
while IFS='=' read -r name value; do
  if [[ -z "$name" || "$name" == \#* ]]; then
    continue
  fi
  password["$name"]="$value"
  # Every principal is a SCRAM user but the controller's (SASL/PLAIN, not in the metadata).
  if [[ "$name" != lr-controller ]]; then
    scram+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$value]")
  fi
done < "$credentials"

mkdir -p "$(dirname "$config")"
umask 077  # the rendered files hold the broker's and lr-admin's passwords
text=$(<"$template")
text=${text//'${log_dirs}'/"$data"}
text=${text//'${num_partitions}'/"${LR_TOPIC_PARTITIONS:-6}"}
text=${text//'${port}'/9092}
text=${text//'${controller_port}'/9093}
text=${text//'${broker_password}'/"${password[lr-broker]}"}
text=${text//'${controller_password}'/"${password[lr-controller]}"}
text=${text//'${keystore}'/"$tls/kafka.pem"}
text=${text//'${truststore}'/"$tls/ca.pem"}
cat > "$config" <<EOF
$text

# docker compose: containers reach the broker as kafka:9092, the host as 127.0.0.1:19092 (the
# only published port); both SASL_SSL. The controller stays on the container's loopback.
listeners=BROKER://:9092,HOST://:19092,CONTROLLER://127.0.0.1:9093
advertised.listeners=BROKER://kafka:9092,HOST://127.0.0.1:19092
listener.security.protocol.map=BROKER:SASL_SSL,HOST:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
listener.name.host.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
EOF
cat > "$admin_config" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="lr-admin" password="${password[lr-admin]}";
ssl.truststore.type=PEM
ssl.truststore.location=$tls/ca.pem
EOF

if [[ -f "$data/meta.properties" && ! -f "$data/lr-scram-users" ]]; then
  echo "kafka: the storage was formatted without SCRAM users (before SASL): run" \
    "\`lr stack reset\` (or \`docker compose down --volumes\`) once, then \`lr stack up\`" >&2
  exit 1
fi
if [[ ! -f "$data/meta.properties" ]]; then
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" -c "$config" \
    --ignore-formatted "${scram[@]}"
  printf '%s\n' "${!password[@]}" > "$data/lr-scram-users"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
