"""One-time links to choose a password: reset links (a day) and invitations (a week).

Both are Django's password-reset tokens (single use: they change with the
password and the last login); an invitation has its own salt and validity so
that the short reset timeout does not cut a partner's invitation short.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "numixs.invitation"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return self._num_seconds(self._now()) - ts <= settings.NUMIXS_INVITATION_TIMEOUT


invitation_tokens = InvitationTokenGenerator()
