"""The provider's few pages, in French: the sign-in form, a message (an error, signed out), the
sign-out confirmation. Plain, accessible HTML (language, landmarks, labels tied to their fields,
the error announced and linked to the fields); every value written in is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #161616; background: #f6f6f6; }
header { background: #000091; color: #fff; padding: 1rem 2rem; }
header p { margin: 0; font-weight: 700; font-size: 1.25rem; }
main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 2rem;
  border: 1px solid #ddd; }
h1 { font-size: 1.5rem; margin-top: 0; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box;
  padding: .5rem; font-size: 1rem; border: 1px solid #3a3a3a; border-radius: .25rem .25rem 0 0; }
input:focus, button:focus, a:focus { outline: 2px solid #0a76f6; outline-offset: 2px; }
button { margin-top: 1.5rem; background: #000091; color: #fff; border: 0; padding: .75rem 1.5rem;
  font-size: 1rem; cursor: pointer; }
.erreur { border-left: 4px solid #ce0500; padding: .5rem 1rem; color: #ce0500;
  background: #fff4f4; }
.note { color: #666; font-size: .875rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
"""

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — Fournisseur d'identité CoNum (développement)</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><p>CoNum — fournisseur d'identité de développement</p></header>
<main id="contenu" tabindex="-1">
{body}
</main>
</body>
</html>
"""


def sign_in_page(
    action: str, hidden: Sequence[tuple[str, str]], username: str = "", error: str = ""
) -> str:
    """The sign-in form; ``hidden`` carries the authorization request to the POST."""
    fields = "\n".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in hidden
    )
    described = ' aria-describedby="erreur" aria-invalid="true"' if error else ""
    alert = f'<p id="erreur" class="erreur" role="alert">{escape(error)}</p>' if error else ""
    body = f"""<h1>Connexion</h1>
{alert}
<form method="post" action="{escape(action)}" novalidate>
{fields}
<label for="username">Identifiant</label>
<input type="text" id="username" name="username" value="{escape(username)}"
  autocomplete="username" required autofocus{described}>
<label for="password">Mot de passe</label>
<input type="password" id="password" name="password" autocomplete="current-password"
  required{described}>
<button type="submit">Se connecter</button>
</form>
<p class="note">Fournisseur d'identité local, pour le développement uniquement : les comptes
et leurs mots de passe sont publics (voir <code>./conum up</code>). En production, le réseau
accepte les jetons d'un fournisseur réel (ProConnect, par un courtier).</p>"""
    return page("Connexion", body)


def message_page(title: str, message: str) -> str:
    return page(title, f"<h1>{escape(title)}</h1>\n<p>{escape(message)}</p>")


def confirm_sign_out_page(action: str, hidden: Sequence[tuple[str, str]]) -> str:
    fields = "\n".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in hidden
    )
    body = f"""<h1>Se déconnecter ?</h1>
<p>Confirmez la fin de votre session sur ce fournisseur d'identité.</p>
<form method="post" action="{escape(action)}">
{fields}
<button type="submit">Se déconnecter</button>
</form>"""
    return page("Déconnexion", body)
