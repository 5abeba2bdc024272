"""The workshop dashboard (``healthsim dashboard``): a local web page on Solara.

Facilitators put the simulator in front of GPs, specialists and managers: controls read
from the scenario's own declarations, live charts as the months step, the professional
network coloured by engagement, the commissioners' budgets, and an A/B mode that runs two
scenarios side by side with common random numbers.

One concept per module:

- ``controls``: controls read from pydantic field declarations (ranges, labels, choices);
- ``workshop``: which fields get a control, and the starting economy;
- ``choices``: the facilitator's settings and the scenarios they make;
- ``migration_paths``: the migration paths offered (``sim.timeline.paths.PATHS``);
- ``lockstep``: one or two models stepped month by month together;
- ``happenings``: what happened in a month, in words;
- ``charts``, ``network_view``, ``commissioner_table``: what is drawn; ``figure``: the
  chart widget that passes options to the browser unopened;
- ``time_axis``: the charts' financial-year axis;
- ``words``: the controls' names and menu entries in plain words; ``story``: the
  opening card, its facts read from the model's rules;
- ``view``: the snapshot the page draws after each month; ``session``: one page's run;
  ``session_file``: a session saved as JSON and replayed;
- ``control_widgets``, ``panels``, ``explain_panel``, ``app``: the Solara page;
- ``server``, ``cli``: serving it (``healthsim dashboard``).

Nothing here is imported by the rest of the package except the command line, and this
package's ``__init__`` imports nothing, so ``healthsim run`` never loads Solara.
"""
