import { z } from "zod";
import { ZSavedReply } from "../inbox-tools.ts";

export const ZSavedReplyList = z.array(ZSavedReply);
