// Tickets: the customer's escalation and, for staff and scripts, listing and status changes.
import { customerTicketRouter } from "./create.ts";
import { staffTicketRouter } from "./staff.ts";

export const ticketRouter = {
  ...customerTicketRouter,
  ...staffTicketRouter,
};
