"""The TVPA tier system as code: 22 U.S.C. 7102, 7106 and 7107 by statute version, as the
project's statute guide docs/LAW.md explains them. Pure: no files, databases or printing."""
