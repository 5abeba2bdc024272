"""The organisations and clinicians of the health economy, as Mesa agents."""

from sim.agents.commissioner import Commissioner
from sim.agents.pct import PCT
from sim.agents.practice import GP, GPPractice
from sim.agents.specialist import Specialist
from sim.agents.trust import AcuteTrust

__all__ = ["GP", "PCT", "AcuteTrust", "Commissioner", "GPPractice", "Specialist"]
