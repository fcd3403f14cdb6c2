"""The provider's few HTML pages: sign-in form, error page, signed-out page."""

from __future__ import annotations

from html import escape

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<main>
<h1>{title}</h1>
{content}
</main>
</body>
</html>
"""


def _page(title: str, content: str) -> str:
    return _PAGE.format(title=escape(title), content=content)


def login_page(action: str, next_url: str, slug: str, error: str = "", username: str = "") -> str:
    """Render the sign-in form: fields `username` and `password`, a "Log in" button."""
    message = f'<p id="error" role="alert">{escape(error)}</p>' if error else ""
    content = f"""<p>Sign in to continue to <strong>{escape(slug)}</strong>.</p>
{message}
<form method="post" action="{escape(action)}">
<input type="hidden" name="next" value="{escape(next_url)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" value="{escape(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Log in</button>
</form>"""
    return _page("authentik test provider: sign in", content)


def error_page(title: str, detail: str) -> str:
    """Render an error the provider will not send back to the client (e.g. a bad redirect URI)."""
    return _page(title, f'<p id="error" role="alert">{escape(detail)}</p>')


def logged_out_page(slug: str) -> str:
    """Render the end-session result when there is nowhere to send the browser back to."""
    content = (
        f'<p id="logged-out">You have been logged out of {escape(slug)} at the test provider.</p>'
    )
    return _page("Logged out", content)
