"""`python -m engine.rulebook bronnen > docs/bronnen.md`: write the bibliography for readers."""
import sys

from .bibliography import load_bibliography, render_markdown
from .loader import rulebook_dir

if sys.argv[1:] != ["bronnen"]:
    sys.exit("gebruik: python -m engine.rulebook bronnen > docs/bronnen.md")
sys.stdout.write(render_markdown(load_bibliography(rulebook_dir())))
