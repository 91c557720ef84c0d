"""What intake keeps of a new or changed appointment to tell, next time, which of its fields
changed, and to show a board an appointment it no longer delivers: per tracked field a keyed
4-byte digest, and the key fields without the BSN.

Read from the accepted row's AppointmentV1 JSON (the record the checks made; the compiled
checks hand over no values), and only for appointments that are new or changed: an unchanged
one is not looked at. A field's digest is its CRC-32 masked with a keystream of the
appointment (BLAKE2b keyed with a key derived from the BSN hash key, over its identity), so the
stored digests say nothing of the values to anyone without the key (a date of birth or a
surname cannot be tried against them), while equal values of one appointment still give equal
digests. Twelve CRCs and one BLAKE2b per appointment cost about two thirds of twelve keyed
BLAKE2b digests (docs/boards-intake.md, "Cost").
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from operator import itemgetter

import orjson

from lr_intake.application.ports import SHOWN_SEPARATOR, Accepted, AppointmentDetails, Describer
from lr_intake.domain.changes import DIGESTS_SIZE, TRACKED_FIELDS

_tracked = itemgetter(*TRACKED_FIELDS)
_keys = itemgetter("brin", "brin_volgnummer", "benoemingsgrondslag", "benoeming_begindatum")
_pack = struct.Struct(f"<{len(TRACKED_FIELDS)}I").pack  # a CRC-32 per field: DIGEST_WIDTH 4


def field_key(bsn_hash_key: bytes) -> bytes:
    """The digests' key, derived from the BSN hash key (rotating that one renews both)."""
    return hashlib.sha256(b"lr-intake field digests\x00" + bsn_hash_key).digest()


def field_describer(bsn_hash_key: bytes) -> Describer:
    key = field_key(bsn_hash_key)
    crc32, blake2b, encode, join = zlib.crc32, hashlib.blake2b, str.encode, SHOWN_SEPARATOR.join

    def describe(record: Accepted) -> AppointmentDetails:
        body = orjson.loads(record[5])
        # null as "None": of the fields that can be null (e-mail address, onderwijsterrein, end
        # dates) none can hold that text.
        crcs = int.from_bytes(_pack(*map(crc32, map(encode, map(str, _tracked(body))))))
        mask = int.from_bytes(blake2b(record[1], key=key, digest_size=DIGESTS_SIZE).digest())
        shown = join((*_keys(body), str(record[0])))
        return AppointmentDetails((crcs ^ mask).to_bytes(DIGESTS_SIZE), shown)

    made: Describer = describe
    return made
