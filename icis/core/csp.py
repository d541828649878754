"""The Content-Security-Policy header, built once per process for each distinct policy.

django-csp builds the header from the settings on every response; the policy only changes
with a page's own additions (`_csp_update`/`_csp_replace`, e.g. the frame sources of a
player), so each distinct combination is built once and kept. A per-response `config` or a
nonce is built every time, as django-csp does."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# A page's additions come from a short list (the approved player hosts): far fewer than this.
_BUILT_MAX = 512
_built: dict[tuple, str] = {}


@receiver(setting_changed)
def _forget_built_policies(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def _frozen_value(value):
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(value)))
    return ("one", value)


def _key(parts: PolicyParts, report_only: bool) -> tuple | None:
    if parts.config is not None or parts.nonce is not None:
        return None
    try:
        key = (
            report_only,
            *(
                None
                if directives is None
                else tuple(sorted((name, _frozen_value(v)) for name, v in directives.items()))
                for directives in (parts.update, parts.replace)
            ),
        )
        hash(key)
    except TypeError:
        return None
    return key


def policy_for(parts: PolicyParts, *, report_only: bool = False) -> str:
    """The header for these parts, as `csp.utils.build_policy` writes it."""
    key = _key(parts, report_only)
    if key is not None and key in _built:
        return _built[key]
    policy = build_policy(
        config=parts.config,
        update=parts.update,
        replace=parts.replace,
        nonce=parts.nonce,
        report_only=report_only,
    )
    if key is not None and len(_built) < _BUILT_MAX:
        _built[key] = policy
    return policy


class CachedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the header built once per distinct policy (same rules:
    an exempt response, a header already set or an excluded prefix get none)."""

    def process_response(self, request, response):
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for report_only, header, exempt, setting_name in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(
                request=request, response=response, report_only=report_only
            )
            policy = policy_for(parts, report_only=report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting_name, None) or {}).get(
                "EXCLUDE_URL_PREFIXES"
            ) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
